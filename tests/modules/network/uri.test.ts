// uri on this machine against an HTTP server of the test's own on 127.0.0.1: GET is a read (no change, in
// check mode too), JSON back, status codes, a POST as a change guarded by creates, form bodies, dest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { uri } from '../../../src/modules/network/uri.js';
import { parseUriAnswer } from '../../../src/modules/network/uri-request.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { startHttpServer, type TestHttpServer } from '../../helpers/net-http-server.js';

async function withServer(fn: (s: TestHttpServer) => Promise<void>): Promise<void> {
  const s = await startHttpServer();
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

test('GET: one round trip, no change, status/headers/json returned; in check mode too', () =>
  withServer((srv) =>
    withLocal(async (h) => {
      srv.routes.set('/api', { body: '{"ok":true,"n":[1,2]}', headers: { 'content-type': 'application/json', 'X-Served-By': 'test' } });
      for (const check of [true, false]) {
        h.facts.invalidate();
        const { value: plan, execs } = await h.countExecs(() => h.plan(uri, { url: srv.url('/api'), return_content: true, headers: { Accept: 'application/json' } }, check));
        assert.equal(plan.changes, []);
        assert.is(execs, 1);
        assert.is(plan.data!.status, 200);
        assert.equal(plan.data!.json, { ok: true, n: [1, 2] });
        assert.is(plan.data!.content, '{"ok":true,"n":[1,2]}');
        assert.is(plan.data!.x_served_by, 'test');
        assert.is(plan.data!.content_type, 'application/json');
      }
      assert.is(srv.requests.length, 2);
      assert.is(srv.requests[0]!.headers.accept, 'application/json');
      // Without return_content: no content, no json.
      const plain = await h.plan(uri, { url: srv.url('/api') });
      assert.is(plain.data!.content, undefined);
      assert.is(plain.data!.msg, 'OK (21 bytes)');
    }),
  ));

test('status_code: another status fails with Ansible\'s words; a listed one passes', () =>
  withServer((srv) =>
    withLocal(async (h) => {
      const e = await failure(() => h.plan(uri, { url: srv.url('/nope') }));
      assert.match(e.message, /^Status code was 404 and not \[200\]/);
      const ok = await h.plan(uri, { url: srv.url('/nope'), status_code: [200, 404] });
      assert.is(ok.data!.status, 404);
      const down = await failure(() => h.plan(uri, { url: 'http://127.0.0.1:1/', timeout: 5 }));
      assert.match(down.message, /Status code was -1/);
    }),
  ));

test('POST with a JSON body: a change, predicted in check mode, made once thanks to creates', () =>
  withServer((srv) =>
    withLocal(async (h) => {
      srv.routes.set('/register', { status: 201, body: '{"id":7}', headers: { 'content-type': 'application/json' } });
      const marker = h.path('registered');
      const params = { url: srv.url('/register'), method: 'POST', body: { name: 'web1', tags: ['a'] }, body_format: 'json', status_code: 201, return_content: true, creates: marker };
      // The marker is written by a later task in a real play; here, by the test after the apply.
      h.facts.invalidate();
      const check = await h.plan(uri, params, true);
      assert.equal(summaries(check), [`POST ${srv.url('/register')}`]);
      assert.is(srv.requests.length, 0, 'check mode sends nothing');
      h.facts.invalidate();
      const result = await h.apply(await h.plan(uri, params));
      assert.equal(result.json, { id: 7 });
      assert.is(srv.requests[0]!.body, '{"name":"web1","tags":["a"]}');
      assert.is(srv.requests[0]!.headers['content-type'], 'application/json');
      writeFileSync(marker, '');
      h.facts.invalidate();
      const { value: again, execs } = await h.countExecs(() => h.plan(uri, params));
      assert.equal(summaries(again), []);
      assert.match(String(again.reason), /skipped, since .*registered exists/);
      assert.is(execs, 1);
      assert.is(srv.requests.length, 1);
    }),
  ));

test('form-urlencoded body, a body with shell syntax arrives byte for byte; a failing status fails the apply', () =>
  withServer((srv) =>
    withLocal(async (h) => {
      srv.routes.set('/form', { body: 'ok' });
      await h.apply(await h.plan(uri, { url: srv.url('/form'), method: 'PUT', body: { a: '1 2', b: "x'y&z" }, body_format: 'form-urlencoded' }));
      assert.is(srv.requests[0]!.body, 'a=1+2&b=x%27y%26z');
      assert.is(srv.requests[0]!.headers['content-type'], 'application/x-www-form-urlencoded');
      const raw = "$(touch /tmp/pwned) `id` 'q' \\n";
      await h.apply(await h.plan(uri, { url: srv.url('/form'), method: 'POST', body: raw }));
      assert.is(srv.requests[1]!.body, raw);
      const e = await failure(async () => h.apply(await h.plan(uri, { url: srv.url('/missing'), method: 'DELETE' })));
      assert.match(e.message, /Status code was 404/);
    }),
  ));

test('dest: the body saved as get_url with force does — converges', () =>
  withServer((srv) =>
    withLocal(async (h) => {
      srv.routes.set('/conf', { body: 'k=v\n' });
      await h.converge(uri, { url: srv.url('/conf'), dest: h.path('conf') });
      assert.is(readFileSync(h.path('conf'), 'utf8'), 'k=v\n');
    }),
  ));

test('answers parse: the last header block after a redirect; curl errors', () => {
  const a = parseUriAnswer('@@curl 0 200 http://h/b\n@@size 2\n@@headers\nHTTP/1.1 302 Found\r\nLocation: /b\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-A-B: 1\r\n\r\n@@body\nhi');
  assert.equal(a.headers, { content_type: 'text/plain', x_a_b: '1' });
  assert.is(a.body, 'hi');
  assert.is(parseUriAnswer('@@curl 7 000 \ncurl: (7) Failed to connect\n').curlError, 'curl: (7) Failed to connect');
});

test.run();
