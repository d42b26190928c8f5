import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { importDigest, parseImageInspect, planImage, SOURCE_LABEL, type ImageParams } from '../../../src/modules/docker/docker-image-state.js';
import { recorded, table } from '../../helpers/seed-table.js';

const SHA = 'a'.repeat(64);
const p: ImageParams = { name: 'runbook/busybox', source: 'import', archive: '/var/tmp/bb.tar', changes: ['CMD ["/bin/sh"]'], state: 'present' };
const imported = { id: 'sha256:1', labels: { [SOURCE_LABEL]: importDigest(SHA, p.changes) } };
const IMPORT = `docker import --change 'LABEL ${SOURCE_LABEL}=${importDigest(SHA, p.changes)}' --change 'CMD ["/bin/sh"]' /var/tmp/bb.tar runbook/busybox`;

test('image inspect (recorded): id and labels; missing reads as null', () => {
  const img = parseImageInspect(recorded('docker/image-runbook-busybox.txt'))!;
  assert.ok(img.id.startsWith('sha256:c3d2362b'));
  assert.ok(SOURCE_LABEL in img.labels);
  assert.equal(parseImageInspect('sha256:2 null'), { id: 'sha256:2', labels: {} });
  assert.is(parseImageInspect(''), null);
});

table('docker_image', [
  { name: 'missing: imported, labelled with what it came from', plan: () => planImage(null, SHA, p, false), expect: { run: [IMPORT] } },
  { name: 'imported from this archive and changes: nothing', plan: () => planImage(imported, SHA, p, false), expect: { reason: /was imported from this archive/ } },
  { name: 'the archive changed: imported again', plan: () => planImage(imported, 'b'.repeat(64), p, false), expect: { run: [IMPORT.replace(importDigest(SHA, p.changes), importDigest('b'.repeat(64), p.changes))], summary: /again \(the archive or changes differ\)/ } },
  { name: 'the changes differ: imported again', plan: () => planImage(imported, SHA, { ...p, changes: [] }, false), expect: { run: [`docker import --change 'LABEL ${SOURCE_LABEL}=${importDigest(SHA, [])}' /var/tmp/bb.tar runbook/busybox`] } },
  { name: 'an image of that name runbook did not import: imported', plan: () => planImage({ id: 'sha256:9', labels: {} }, SHA, p, false), expect: { run: [IMPORT], summary: /not imported by runbook/ } },
  { name: 'no archive on the host: refused', plan: () => planImage(null, null, p, false), expect: { error: /archive \/var\/tmp\/bb\.tar does not exist on the host/ } },
  { name: 'pull: only when missing', plan: () => planImage(null, null, { ...p, source: 'pull', name: 'busybox' }, false), expect: { run: ['docker pull busybox'] } },
  { name: 'pull, present: nothing', plan: () => planImage(imported, null, { ...p, source: 'pull' }, false), expect: { reason: /is on the host/ } },
  { name: 'absent: docker rmi', plan: () => planImage(imported, null, { ...p, state: 'absent' }, false), expect: { run: ['docker rmi runbook/busybox'] } },
]);

test.run();
