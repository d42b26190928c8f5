// No shell injection: hostile values go through EVERY module argument that reaches a command (paths,
// owner, group, mode, src, chdir, creates, removes, stdin, executable, host, regexps, content...), planned
// AND applied, and the marker files they try to create must never appear. Runs inside a temp directory so
// that relative names (a leading `-`) land there too.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyModule } from '../../src/engine/module-api/module.js';
import { modules } from '../../src/modules/index.js';
import { withLocal, type LocalTester } from '../helpers/local-tester.js';

const id = randomBytes(6).toString('hex');
const absMarker = join(tmpdir(), `pwned-${id}`);
const relMarker = `pwned-rel-${id}`;

const payloads = (m: string) => [
  `'; touch ${m} #`,
  `$(touch ${m})`,
  `\`touch ${m}\``,
  `x\ntouch ${m}\n`,
  `"; touch ${m}; echo "$(touch ${m})*`,
];
// Every payload with an absolute marker; the first two with a relative one (which, without a slash,
// can also become a file name).
const hostile = [...payloads(absMarker), ...payloads(relMarker).slice(0, 2)];
const dashes = ['-rf', '--help'];

type Case = [AnyModule, (v: string, h: LocalTester) => Record<string, unknown>];

const at = (h: LocalTester, v: string) => join(h.dir, v);
const cases: Case[] = [
  [modules.file, (v, h) => ({ path: at(h, v), state: 'directory' })],
  [modules.file, (v) => ({ path: v, state: 'touch' })],
  [modules.file, (v, h) => ({ path: h.path('f1'), state: 'touch', owner: v })],
  [modules.file, (v, h) => ({ path: h.path('f1'), state: 'touch', group: v })],
  [modules.file, (v, h) => ({ path: h.path('f1'), state: 'touch', mode: v })],
  [modules.file, (v, h) => ({ path: h.path('d1'), state: 'directory', recurse: true, owner: v, group: v })],
  [modules.file, (v, h) => ({ path: at(h, `l-${v}`), state: 'link', src: v, force: true })],
  [modules.file, (v, h) => ({ path: at(h, `h-${v}`), state: 'hard', src: v })],
  [modules.file, (v) => ({ path: v, state: 'absent' })],
  [modules.copy, (v, h) => ({ dest: at(h, v), content: v })],
  [modules.copy, (v, h) => ({ dest: h.path('c1'), content: 'x', owner: v, group: v })],
  [modules.copy, (v, h) => ({ dest: h.path('c2'), content: 'x', mode: v, backup: true })],
  [modules.file_template, (v, h) => ({ src: 't.hbs', dest: at(h, `t-${v}`), owner: v })],
  [modules.lineinfile, (v, h) => ({ path: at(h, `li-${v}`), line: v, create: true, mode: v })],
  [modules.lineinfile, (v, h) => ({ path: h.path('li'), regexp: v, line: v, create: true, insertafter: v })],
  [modules.blockinfile, (v, h) => ({ path: at(h, `bi-${v}`), block: v, marker: `# {mark} ${v}`, create: true, group: v })],
  [modules.json_file, (v, h) => ({ path: at(h, `j-${v}`), merge: { [v]: v }, remove: [v] })],
  [modules.stat, (v, h) => ({ path: at(h, v) })],
  [modules.command, (v) => ({ argv: ['echo', v] })],
  [modules.command, (v) => ({ cmd: `echo ${v}` })],
  [modules.command, (v, h) => ({ cmd: 'true', chdir: at(h, v) })],
  [modules.command, (v) => ({ cmd: 'true', creates: v })],
  [modules.command, (v) => ({ cmd: 'true', removes: v, chdir: '.' })],
  [modules.command, (v) => ({ argv: ['cat'], stdin: v })],
  [modules.shell, (v) => ({ cmd: 'cat', stdin: v, chdir: v })],
  [modules.shell, (v) => ({ cmd: 'true', creates: v })],
  [modules.shell, (v) => ({ cmd: 'true', executable: v })],
  [modules.wait_for, (v) => ({ port: 1, host: v, timeout: 0, connect_timeout: 1 })],
  [modules.wait_for, (v, h) => ({ path: at(h, v), search_regex: v, timeout: 0, msg: v })],
];

test('hostile values through every argument that reaches a command never run as code', () =>
  withLocal(
    async (h) => {
      const cwd = process.cwd();
      process.chdir(h.dir);
      let applied = 0;
      try {
        for (const [module, params] of cases) {
          for (const v of [...hostile, ...dashes]) {
            try {
              await h.apply(await h.plan(module, params(v, h)));
              applied++;
            } catch {
              // Failing is fine (a user "$(touch …)" does not exist); running the payload is not.
            }
            h.facts.invalidate();
          }
        }
      } finally {
        process.chdir(cwd);
      }
      assert.not.ok(existsSync(absMarker), `${absMarker} was created: a value was run as code`);
      assert.not.ok(existsSync(join(h.dir, relMarker)), 'a relative marker was created: a value was run as code');
      assert.ok(applied > 100, `most cases should have worked with the hostile value as plain data (${applied})`);
      // The values did reach the host, as data: files named after them exist.
      const names = readdirSync(h.dir);
      assert.ok(names.includes(`'; touch ${relMarker} #`), 'a file literally named after the payload');
      assert.ok(names.includes('-rf') && names.includes('--help'), 'names with a leading dash are paths, not options');
    },
    { controllerFiles: { 'templates/t.hbs': 'x\n' } },
  ));

test.run();
