// get_url on this machine against an HTTP server of the test's own on 127.0.0.1: converge, the checksum
// rules, force, a directory dest, attributes, failures that leave dest alone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { getUrl } from '../../../src/modules/network/get-url.js';
import { parseChecksum, urlFilename } from '../../../src/modules/network/get-url-state.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { startHttpServer, type TestHttpServer } from '../../helpers/net-http-server.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function withServer(fn: (s: TestHttpServer) => Promise<void>): Promise<void> {
  const s = await startHttpServer();
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

test('download; the rerun asks If-Modified-Since and gets 304 (no download), mode; check mode predicts', () =>
  withServer((srv) =>
    withLocal(async (h) => {
      srv.routes.set('/app.tar', { body: 'v1 payload\n', lastModified: new Date(Date.now() - 3_600_000) });
      const dest = h.path('app.tar');
      const c = await h.converge(getUrl, { url: srv.url('/app.tar'), dest, mode: '0640', headers: { 'X-Token': 'abc' } });
      assert.equal(summaries(c.first), [`download ${srv.url('/app.tar')} to ${dest} (mode 0640) (absent)`]);
      assert.is(readFileSync(dest, 'utf8'), 'v1 payload\n');
      assert.is(statSync(dest).mode & 0o777, 0o640);
      assert.is(c.result.msg, 'OK (11 bytes)');
      assert.is(srv.requests[0]!.headers['x-token'], 'abc');
      assert.match(String(c.second.reason), /is not newer than .* \(304\)/);
      assert.ok(srv.requests.slice(1).every((r) => r.headers['if-modified-since']), 'an existing dest is only fetched if modified');
      assert.equal(readdirSync(h.dir), ['app.tar'], 'no temporary file left');
      // The server has a newer copy (force off): fetched, and dest replaced since it differs — as Ansible.
      srv.routes.set('/app.tar', { body: 'v2\n', lastModified: new Date(Date.now() + 3_600_000) });
      h.facts.invalidate();
      const newer = await h.plan(getUrl, { url: srv.url('/app.tar'), dest });
      assert.equal(summaries(newer), [`download ${srv.url('/app.tar')} to ${dest} (content differs)`]);
    }),
  ));

test('checksum: a matching dest is not downloaded; a different one is; a bad download never replaces dest', () =>
  withServer((srv) =>
    withLocal(async (h) => {
      srv.routes.set('/f', { body: 'right\n' });
      const dest = h.path('f');
      writeFileSync(dest, 'stale\n');
      const c = await h.converge(getUrl, { url: srv.url('/f'), dest, checksum: `sha256:${sha256('right\n')}` });
      assert.match(c.first.changes[0]!.summary, /\(sha256 differs\)$/);
      assert.is(readFileSync(dest, 'utf8'), 'right\n');
      assert.match(String(c.second.reason), /already has sha256/);
      const requests = srv.requests.length;
      srv.routes.set('/f', { body: 'tampered\n' });
      writeFileSync(dest, 'stale\n');
      h.facts.invalidate();
      const e = await failure(async () => h.apply(await h.plan(getUrl, { url: srv.url('/f'), dest, checksum: `sha256:${sha256('right\n')}` })));
      assert.match(e.message, /did not match/);
      assert.is(readFileSync(dest, 'utf8'), 'stale\n', 'dest untouched');
      assert.equal(readdirSync(h.dir), ['f']);
      assert.is(srv.requests.length, requests + 2, 'planning fetched it to compare, the apply fetched it to install');
    }),
  ));

test('force: what the URL serves now is compared; unchanged is a no-op in one round trip, changed is replaced', () =>
  withServer((srv) =>
    withLocal(async (h) => {
      srv.routes.set('/conf', { body: 'a=1\n' });
      const dest = h.path('conf');
      writeFileSync(dest, 'a=1\n');
      const { value: same, execs } = await h.countExecs(() => h.plan(getUrl, { url: srv.url('/conf'), dest, force: true }));
      assert.equal(summaries(same), []);
      assert.is(execs, 1);
      srv.routes.set('/conf', { body: 'a=2\n' });
      const c = await h.converge(getUrl, { url: srv.url('/conf'), dest, force: true });
      assert.match(c.first.changes[0]!.summary, /\(content differs\)$/);
      assert.is(readFileSync(dest, 'utf8'), 'a=2\n');
    }),
  ));

test('dest a directory: the file is named after the URL; a 404 fails with curl\'s words and writes nothing', () =>
  withServer((srv) =>
    withLocal(async (h) => {
      srv.routes.set('/dl/tool-1.2.bin', { body: 'bin' });
      await h.converge(getUrl, { url: `${srv.url('/dl/tool-1.2.bin')}?x=1`, dest: h.dir });
      assert.is(readFileSync(h.path('tool-1.2.bin'), 'utf8'), 'bin');
      const e = await failure(async () => h.apply(await h.plan(getUrl, { url: srv.url('/missing'), dest: h.path('m') })));
      assert.match(e.message, /404/);
      assert.not.ok(existsSync(h.path('m')));
    }),
  ));

test('attributes only: content right, mode wrong — one chmod, dest not rewritten', () =>
  withServer((srv) =>
    withLocal(async (h) => {
      srv.routes.set('/x', { body: 'x' });
      const dest = h.path('x');
      writeFileSync(dest, 'x', { mode: 0o644 });
      const c = await h.converge(getUrl, { url: srv.url('/x'), dest, mode: '0600' });
      assert.equal(summaries(c.first), [`${dest}: mode 0644 -> 0600`]);
      assert.ok(srv.requests.every((r) => r.headers['if-modified-since']), 'only conditional requests');
    }),
  ));

test('arguments checked before anything runs', async () => {
  assert.equal(parseChecksum('SHA256:AB12'), { algorithm: 'sha256', digest: 'ab12' });
  for (const bad of ['sha256', 'crc32:00', 'sha256:xyz', 'sha256:http://x/SUMS']) assert.throws(() => parseChecksum(bad));
  assert.is(urlFilename('http://h/a/b.tgz?x=1#y'), 'b.tgz');
  assert.is(urlFilename('http://h/'), 'index.html');
  await withLocal(async (h) => {
    assert.match((await failure(() => h.plan(getUrl, { url: 'file:///etc/passwd', dest: h.path('p') }))).message, /unsupported URL/);
    assert.match((await failure(() => h.plan(getUrl, { url: 'http://127.0.0.1:1/', dest: 'rel/path' }))).message, /absolute/);
    assert.match((await failure(() => h.plan(getUrl, { url: 'http://127.0.0.1:1/', dest: h.path('x'), headers: { 'A\nB': 'c' } }))).message, /invalid header/);
  });
});

test.run();
