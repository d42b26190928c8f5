// get_url against Ansible's own, on this machine, both downloading from the same HTTP server of the test on
// 127.0.0.1: the same bytes and mode at dest and the same changed flag, first run and rerun, from the same
// starting file. Skipped where ansible-core is missing, except under CI=true.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getUrl } from '../../../src/modules/network/get-url.js';
import { ansibleLocal, ansibleSkipReason } from '../../helpers/ansible.js';
import { LocalTester } from '../../helpers/local-tester.js';
import { startHttpServer } from '../../helpers/net-http-server.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

interface Case {
  name: string;
  /** dest's content before the first run (undefined: no file). */
  before?: string;
  params: Record<string, unknown>;
}

const CASES: Case[] = [
  { name: 'a new file with a mode', params: { mode: '0640' } },
  { name: 'an existing file, force off: left alone', before: 'old\n', params: {} },
  { name: 'an existing file, force on: replaced', before: 'old\n', params: { force: true } },
  { name: 'force on, same content: unchanged', before: 'served v1\n', params: { force: true } },
  { name: 'a checksum dest does not match: replaced', before: 'old\n', params: { checksum: `sha256:${sha256('served v1\n')}` } },
  { name: 'a checksum dest matches: unchanged', before: 'served v1\n', params: { checksum: `sha256:${sha256('served v1\n')}` } },
  { name: 'dest is a directory: named after the URL', params: { intoDir: true } },
];

test('get_url: the same file, mode and changed flags as ansible-core', async () => {
  const skip = await ansibleSkipReason();
  if (skip) return void console.log(`    skipped: ${skip}`);
  const srv = await startHttpServer();
  srv.routes.set('/files/served.txt', { body: 'served v1\n' });
  const root = mkdtempSync(join(tmpdir(), 'runbook-get-url-ansible-'));
  const h = new LocalTester();
  try {
    for (const c of CASES) {
      const outcome: Record<string, { changed: boolean[]; bytes: string; mode: number; files: string[] }> = {};
      for (const who of ['ansible', 'runbook']) {
        const dir = join(root, `${who}-${CASES.indexOf(c)}`);
        mkdirSync(dir);
        const file = join(dir, 'served.txt');
        if (c.before !== undefined) writeFileSync(file, c.before, { mode: 0o644 });
        const { intoDir, ...rest } = c.params;
        const params = { url: srv.url('/files/served.txt'), dest: intoDir ? dir : file, ...rest };
        const changed: boolean[] = [];
        for (let i = 0; i < 2; i++) {
          if (who === 'ansible') {
            const args = Object.entries(params).map(([k, v]) => `${k}=${JSON.stringify(String(v))}`).join(' ');
            changed.push((await ansibleLocal('get_url', { args })).changed === true);
          } else {
            changed.push((await h.run(getUrl, params)).plan.changes.length > 0);
          }
        }
        outcome[who] = { changed, bytes: existsSync(file) ? readFileSync(file, 'utf8') : '(none)', mode: statSync(file).mode & 0o7777, files: readdirSync(dir) };
      }
      assert.equal(outcome.runbook, outcome.ansible, c.name);
    }
  } finally {
    h.cleanup();
    rmSync(root, { recursive: true, force: true });
    await srv.close();
  }
});

test.run();
