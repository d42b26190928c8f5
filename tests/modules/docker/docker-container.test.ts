import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseContainerInspect, planContainer, type ContainerParams } from '../../../src/modules/docker/docker-container-state.js';
import { recorded, table } from '../../helpers/seed-table.js';
import { commandsOf } from '../../helpers/plans.js';

const IMAGE_ID = 'sha256:c3d2362b5308adae1dd241bf3ae296c81d449a09c04f52174e7df71b01659b4c';
const HTTPD = ['sh', '-c', 'echo c6 > /tmp/index.html && exec httpd -f -p 80 -h /tmp'];
const c6: ContainerParams = {
  name: 'c6', image: 'runbook/busybox', command: HTTPD, network: 'br', ipv4_address: '192.168.33.6',
  restart_policy: 'unless-stopped', init: true, state: 'started', pull: 'never',
};
const RUN = "docker run -d --name c6 --network br --ip 192.168.33.6 --restart unless-stopped --init --pull never runbook/busybox sh -c 'echo c6 > /tmp/index.html && exec httpd -f -p 80 -h /tmp'";
const RM = 'docker rm -f c6';
const have = (file: string | null) => (file === null ? null : parseContainerInspect(recorded(`docker/${file}`)));
const plan = (file: string | null, p: Partial<ContainerParams> = {}, imageId: string | null = IMAGE_ID, check = false) => () =>
  planContainer(have(file), imageId, { ...c6, ...p }, check);

test('inspect (recorded): image, command, network and static address, restart policy, init', () => {
  assert.equal(have('container-c6.json'), {
    image: 'runbook/busybox', imageId: IMAGE_ID, command: HTTPD, running: true, status: 'running',
    restart_policy: 'unless-stopped', init: true, networks: { br: '192.168.33.6' },
  });
  assert.equal(have('container-c1.json')!.networks, { br: '' }, 'no static address: IPAMConfig is null');
  assert.is(parseContainerInspect('[]'), null);
});

table('docker_container', [
  { name: 'missing: docker run with the static address, --init, --restart unless-stopped, never pulling', plan: plan(null), expect: { run: [RUN] } },
  { name: 'running as configured: nothing', plan: plan('container-c6.json'), expect: { reason: /container c6 is running as configured/ } },
  {
    name: 'another static address: removed and run again',
    plan: plan('container-c6.json', { ipv4_address: '192.168.33.7' }),
    expect: { run: [RM, RUN.replace('192.168.33.6', '192.168.33.7')], summary: /differs: ipv4_address/ },
  },
  {
    name: 'the image was imported again (new id): recreated',
    plan: plan('container-c6.json', {}, 'sha256:0000'),
    expect: { run: [RM, RUN], summary: /runbook\/busybox was replaced/ },
  },
  {
    name: 'a static address where Docker chose one: recreated',
    plan: () => planContainer(have('container-c1.json'), IMAGE_ID, { ...c6, name: 'c1', command: ['sh', '-c', 'echo c1 > /tmp/index.html && exec httpd -f -p 80 -h /tmp'] }, false),
    expect: { run: ['docker rm -f c1', "docker run -d --name c1 --network br --ip 192.168.33.6 --restart unless-stopped --init --pull never runbook/busybox sh -c 'echo c1 > /tmp/index.html && exec httpd -f -p 80 -h /tmp'"], summary: /ipv4_address/ },
  },
  { name: 'no command asked: the image\'s is not compared', plan: plan('container-c6.json', { command: undefined }), expect: { reason: /as configured/ } },
  { name: 'without --init: recreated (init cannot change in place)', plan: plan('container-c6.json', { init: false }), expect: { run: [RM, RUN.replace(' --init', '')] } },
  { name: 'stopped asked while running: docker stop', plan: plan('container-c6.json', { state: 'stopped' }), expect: { run: ['docker stop c6'] } },
  { name: 'absent: docker rm -f', plan: plan('container-c6.json', { state: 'absent' }), expect: { run: [RM] } },
  { name: 'absent and missing: nothing', plan: plan(null, { state: 'absent' }), expect: { reason: /does not exist/ } },
  { name: 'the image is not on the host and pull is never: refused with the way out', plan: plan(null, {}, null), expect: { error: /image runbook\/busybox is not on the host and pull is never/ } },
  { name: '…but check mode says what would run (an earlier task may import it)', plan: plan(null, {}, null, true), expect: { run: [RUN], summary: /not present yet/ } },
]);

test('a stopped container that is right is started, not recreated', () => {
  const stopped = { ...have('container-c6.json')!, running: false, status: 'exited' };
  const p = planContainer(stopped, IMAGE_ID, c6, false);
  assert.equal(commandsOf(p), ['docker start c6']);
  assert.match(p.changes[0]!.summary, /was exited/);
});

test.run();
