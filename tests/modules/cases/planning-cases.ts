// Planning as data, one row per case (pyinfra style): a module, its params and the host's facts in; the
// change summaries, or the no-op reason, or the failure out. No host is touched: see planning.test.ts.

import type { ExecResult } from '../../../src/engine/connection/types.js';
import { contentFact, globExistsFact, statFact } from '../../../src/modules/files/file-state.js';
import { linkSrcFact } from '../../../src/modules/files/file-links.js';
import { treeFact } from '../../../src/modules/files/tree.js';
import { modules } from '../../../src/modules/index.js';
import type { AnyModule } from '../../../src/engine/module-api/module.js';
import { dirSt, fileSt, linkSt, sha256, type FactTable } from '../../helpers/fact-table.js';

export interface PlanCase {
  name: string;
  module: AnyModule;
  params: Record<string, unknown>;
  facts?: FactTable;
  vars?: Record<string, unknown>;
  exec?: (command: string) => ExecResult;
  check?: boolean;
  /** Expected change summaries (in order); [] with `reason` for a no-op. */
  changes?: string[];
  reason?: string;
  error?: string;
  unpredictable?: boolean;
  data?: Record<string, unknown>;
}

type St = ReturnType<typeof fileSt> | null;
/** The facts the file module reads for `path`: the followed and the own stat. */
const fileFacts = (path: string, followed: St, own: St = followed): FactTable => [
  [statFact(path, { follow: true }), followed],
  [statFact(path), own],
];
/**
 * copy/file_template: dest and its parent (and dest/<src name>, missing), stat with checksum, links followed;
 * dest (and dest/<src name>) also without following, to tell a link (`own`, by default what dest is) apart.
 */
const contentFacts = (dest: string, st: St, parent: St = dirSt(), srcName?: string, own: St = st): FactTable => [
  [statFact(dest, { follow: true, checksum: true }), st],
  [statFact(dest), own],
  [statFact(dest.replace(/\/[^/]*$/, '') || '/', { follow: true, checksum: true }), parent],
  ...(srcName ? ([[statFact(`${dest}/${srcName}`, { follow: true, checksum: true }), null], [statFact(`${dest}/${srcName}`), null]] as FactTable) : []),
];
/** lineinfile/blockinfile/json_file: stat and content. */
const textFacts = (path: string, text: string | null): FactTable => [
  [statFact(path, { follow: true }), text === null ? null : fileSt({ size: text.length })],
  [contentFact(path), text === null ? null : Buffer.from(text)],
];
const hosts = '127.0.0.1 localhost\n192.168.33.2 zk\n';
const out = (code: number, stdout = ''): ExecResult => ({ code, stdout, stderr: '' });

export const planCases: PlanCase[] = [
  // file
  { name: 'file: a missing directory is created', module: modules.file, params: { path: '/srv/app', state: 'directory', mode: '0750' }, facts: fileFacts('/srv/app', null), changes: ['create directory /srv/app (mode 0750)'] },
  { name: 'file: a directory as asked is a no-op that says what it is', module: modules.file, params: { path: '/srv/app', state: 'directory', mode: 0o755 }, facts: fileFacts('/srv/app', dirSt()), changes: [], reason: '/srv/app is a directory with mode 0755, owner root, group root' },
  { name: 'file: only the differing attributes change', module: modules.file, params: { path: '/srv/app', state: 'directory', mode: '0700', owner: '0', group: 'staff' }, facts: fileFacts('/srv/app', dirSt()), changes: ['/srv/app: group root -> staff, mode 0755 -> 0700'] },
  { name: 'file: a symbolic mode applies to the current mode', module: modules.file, params: { path: '/x', mode: 'u+x' }, facts: fileFacts('/x', fileSt()), changes: ['/x: mode 0644 -> 0744'] },
  { name: 'file: a file where a directory is wanted fails', module: modules.file, params: { path: '/srv/app', state: 'directory' }, facts: fileFacts('/srv/app', fileSt()), error: '/srv/app already exists as a file' },
  { name: 'file: state=file on a missing path fails as Ansible does', module: modules.file, params: { path: '/x', state: 'file' }, facts: fileFacts('/x', null), error: 'file (/x) is absent, cannot continue' },
  { name: 'file: touch creates a missing file', module: modules.file, params: { path: '/x', state: 'touch', owner: 'app' }, facts: fileFacts('/x', null), changes: ['create empty file /x (owner app)'] },
  { name: 'file: absent removes a file', module: modules.file, params: { path: '/x', state: 'absent' }, facts: fileFacts('/x', fileSt()), changes: ['remove file /x'] },
  { name: 'file: absent on nothing is a no-op', module: modules.file, params: { path: '/x', state: 'absent' }, facts: fileFacts('/x', null), changes: [], reason: '/x is already absent' },
  {
    name: 'file: a link already pointing at src is a no-op',
    module: modules.file,
    params: { path: '/l', state: 'link', src: '/t' },
    facts: [...fileFacts('/l', fileSt(), linkSt('/t')), [linkSrcFact('/l', '/t'), fileSt()]],
    changes: [],
    reason: '/l already links to /t',
  },
  {
    name: 'file: a link pointing elsewhere is repointed',
    module: modules.file,
    params: { path: '/l', state: 'link', src: 't2' },
    facts: [...fileFacts('/l', fileSt(), linkSt('t1')), [linkSrcFact('/l', 't2'), fileSt()]],
    changes: ['relink /l -> t2 (was t1)'],
  },
  {
    name: 'file: recurse lists how many entries differ',
    module: modules.file,
    params: { path: '/d', state: 'directory', recurse: true, owner: 'app' },
    facts: [...fileFacts('/d', dirSt({ owner: 'app' })), [treeFact('/d'), [{ path: '/d/a', stat: fileSt() }, { path: '/d/b', stat: fileSt({ owner: 'app' }) }]]],
    changes: ['/d: set owner recursively (1 entries differ)'],
  },
  // copy and file_template
  { name: 'copy: a new file', module: modules.copy, params: { dest: '/etc/x', content: 'a\n', mode: '0600' }, facts: contentFacts('/etc/x', null), changes: ['create /etc/x (mode 0600)'] },
  { name: 'copy: same sha256 on the host is a no-op', module: modules.copy, params: { dest: '/etc/x', content: 'a\n' }, facts: contentFacts('/etc/x', fileSt({ content: 'a\n' })), changes: [], reason: `/etc/x is up to date (sha256 ${sha256('a\n').slice(0, 12)}…, same attributes)` },
  { name: 'copy: other content is replaced', module: modules.copy, params: { dest: '/etc/x', content: 'b\n' }, facts: contentFacts('/etc/x', fileSt({ content: 'a\n' })), changes: ['update content of /etc/x'] },
  { name: 'copy: same content, other mode', module: modules.copy, params: { dest: '/etc/x', content: 'a\n', mode: '0600' }, facts: contentFacts('/etc/x', fileSt({ content: 'a\n' })), changes: ['/etc/x: mode 0644 -> 0600'] },
  { name: 'copy: force=no keeps an existing file', module: modules.copy, params: { dest: '/etc/x', content: 'b\n', force: false }, facts: contentFacts('/etc/x', fileSt({ content: 'a\n' })), changes: [], reason: '/etc/x exists and force is false' },
  { name: 'copy: a missing parent directory fails', module: modules.copy, params: { dest: '/no/x', content: 'a' }, facts: contentFacts('/no/x', null, null), error: 'Destination directory /no does not exist' },
  {
    name: 'copy: a link at dest is replaced by a file (follow: false), never written through',
    module: modules.copy,
    params: { dest: '/etc/x', content: 'a\n', mode: '0644' },
    facts: contentFacts('/etc/x', fileSt({ content: 'a\n', mode: 0o600 }), dirSt(), undefined, linkSt('/root/victim')),
    changes: ['replace link /etc/x -> /root/victim with a regular file (mode 0644)'],
  },
  {
    name: 'copy: follow: true compares and sets attributes on what the link points to',
    module: modules.copy,
    params: { dest: '/etc/x', content: 'a\n', mode: '0644', follow: true },
    facts: contentFacts('/etc/x', fileSt({ content: 'a\n', mode: 0o600, realpath: '/srv/x' }), dirSt(), undefined, linkSt('/srv/x')),
    changes: ['/srv/x: mode 0600 -> 0644'],
  },
  { name: 'copy: content into a directory fails', module: modules.copy, params: { dest: '/etc', content: 'a' }, facts: contentFacts('/etc', dirSt()), error: 'can not use content with a dir as dest (/etc)' },
  { name: 'file_template: the rendering differs', module: modules.file_template, params: { src: 't.hbs', dest: '/etc/t' }, vars: { v: 2 }, facts: contentFacts('/etc/t', fileSt({ content: 'v=1\n' }), dirSt(), 't.hbs'), changes: ['update content of /etc/t'] },
  { name: 'file_template: the rendering is the same', module: modules.file_template, params: { src: 't.hbs', dest: '/etc/t' }, vars: { v: 1 }, facts: contentFacts('/etc/t', fileSt({ content: 'v=1\n' }), dirSt(), 't.hbs'), changes: [], reason: `/etc/t is up to date (sha256 ${sha256('v=1\n').slice(0, 12)}…, same attributes)` },
  // text files
  { name: 'lineinfile: a present line is a no-op', module: modules.lineinfile, params: { path: '/etc/hosts', line: '192.168.33.2 zk' }, facts: textFacts('/etc/hosts', hosts), changes: [], reason: 'line already present in /etc/hosts', data: { msg: '', backup: '' } },
  { name: 'lineinfile: a missing line is added', module: modules.lineinfile, params: { path: '/etc/hosts', line: '192.168.33.3 kafka' }, facts: textFacts('/etc/hosts', hosts), changes: ['/etc/hosts: line added'] },
  { name: 'lineinfile: a missing file without create fails', module: modules.lineinfile, params: { path: '/etc/nope', line: 'x' }, facts: textFacts('/etc/nope', null), error: 'Destination /etc/nope does not exist !' },
  { name: 'blockinfile: a block is inserted', module: modules.blockinfile, params: { path: '/etc/hosts', block: '10.0.0.1 a' }, facts: textFacts('/etc/hosts', hosts), changes: ['/etc/hosts: Block inserted'] },
  { name: 'blockinfile: absent on a missing file is a no-op', module: modules.blockinfile, params: { path: '/etc/nope', state: 'absent' }, facts: textFacts('/etc/nope', null), changes: [], reason: '/etc/nope does not exist' },
  { name: 'json_file: merging a new key', module: modules.json_file, params: { path: '/etc/d.json', merge: { dns: ['1.1.1.1'] } }, facts: textFacts('/etc/d.json', '{"a": 1}'), changes: ['/etc/d.json: update dns'] },
  { name: 'json_file: keys already as asked', module: modules.json_file, params: { path: '/etc/d.json', merge: { a: 1 } }, facts: textFacts('/etc/d.json', '{"a": 1}'), changes: [], reason: '/etc/d.json already has every key as asked' },
  { name: 'json_file: invalid JSON fails', module: modules.json_file, params: { path: '/etc/d.json', merge: { a: 1 } }, facts: textFacts('/etc/d.json', '{a: 1}'), error: '/etc/d.json is not valid JSON' },
  // commands
  { name: 'command: without creates/removes, check mode cannot predict', module: modules.command, params: { cmd: 'echo hi' }, changes: ['run echo hi'], unpredictable: true },
  { name: 'command: creates that exists skips the run', module: modules.command, params: { cmd: 'make', creates: '/opt/app/bin/*' }, facts: [[globExistsFact('/opt/app/bin/*'), true]], changes: [], reason: "Did not run command since '/opt/app/bin/*' exists" },
  { name: 'command: creates that does not exist runs, predictably', module: modules.command, params: { cmd: 'make', creates: '/opt/x' }, facts: [[globExistsFact('/opt/x'), false]], changes: ['run make'], unpredictable: false },
  { name: 'shell: removes that does not exist skips, saying "Would" in check mode', module: modules.shell, params: { cmd: 'rm /tmp/x', removes: '/tmp/x' }, facts: [[globExistsFact('/tmp/x'), false]], check: true, changes: [], reason: "Would not run command since '/tmp/x' does not exist" },
  // stat and wait_for
  { name: 'stat: a missing path', module: modules.stat, params: { path: '/x', get_checksum: false }, facts: [[statFact('/x'), null]], changes: [], data: { stat: { exists: false } } },
  { name: 'wait_for: open after 3s', module: modules.wait_for, params: { port: 2181 }, exec: () => out(0, 'elapsed=3\n'), changes: [], reason: '127.0.0.1:2181 is open (after 3s)' },
  { name: 'wait_for: the deadline passed', module: modules.wait_for, params: { port: 2181, host: 'zk', timeout: 5 }, exec: () => out(124, 'elapsed=5\n'), error: 'Timeout when waiting for zk:2181' },
  { name: 'wait_for: no way to test a port on the host', module: modules.wait_for, params: { port: 2181 }, exec: () => ({ code: 3, stdout: '', stderr: 'wait_for needs bash, python3 or nc on the host to test a port\n' }), error: 'wait_for could not run on the host: wait_for needs bash, python3 or nc on the host to test a port' },
  // controller only
  { name: 'debug: var', module: modules.debug, params: { var: 'x' }, vars: { x: [1] }, changes: [], data: { x: [1] } },
  { name: 'assert: false', module: modules.assert, params: { that: ['x == 1', 'x == 2'] }, vars: { x: 1 }, error: 'Assertion failed' },
  { name: 'set_fact: facts', module: modules.set_fact, params: { a: 'b' }, changes: [], data: { ansible_facts: { a: 'b' } } },
  { name: 'fail: default message', module: modules.fail, params: {}, error: 'Failed as requested from task' },
];
