// apt_repository, deb822_repository and apt_key over recorded host state: Ansible's file naming, its
// dump format, enabling a disabled line, removal; the deb822 text byte for byte; apt_key's refusal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aptKey } from '../../../src/modules/packages/apt-key.js';
import { aptRepository, splitFiles } from '../../../src/modules/packages/apt-repository.js';
import { addSource, dumpSources, parseSourcesFile, removeSource, suggestFilename } from '../../../src/modules/packages/apt-sources.js';
import { deb822Slugs, deb822Text } from '../../../src/modules/packages/deb822-format.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';

test("file names as Ansible's _suggest_filename makes them", () => {
  assert.is(suggestFilename('deb http://dl.google.com/linux/chrome/deb/ stable main'), 'dl_google_com_linux_chrome_deb.list');
  assert.is(suggestFilename('deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable'), 'download_docker_com_linux_debian.list');
  assert.is(suggestFilename('deb https://user:pw@repo.example.org/apt ./'), 'repo_example_org_apt.list');
});

test('parse and dump: whitespace normalised, comments kept, a disabled line enabled, removal', () => {
  const text = '# main archive\ndeb  http://a/debian   bookworm main # the archive\n# deb http://b/debian bookworm main\n\n';
  const files = new Map([['/etc/apt/sources.list', parseSourcesFile(text)]]);
  assert.is(dumpSources(files.get('/etc/apt/sources.list')!), '# main archive\ndeb http://a/debian bookworm main # the archive\n# deb http://b/debian bookworm main\n\n');
  const enabled = addSource(files, 'deb http://b/debian bookworm main', '/etc/apt/sources.list.d/b_debian.list');
  assert.is(dumpSources(enabled.get('/etc/apt/sources.list')!), '# main archive\ndeb http://a/debian bookworm main # the archive\ndeb http://b/debian bookworm main\n\n');
  assert.not.ok(enabled.has('/etc/apt/sources.list.d/b_debian.list'));
  const added = addSource(files, 'deb http://c/x y z', '/etc/apt/sources.list.d/c_x.list');
  assert.is(dumpSources(added.get('/etc/apt/sources.list.d/c_x.list')!), 'deb http://c/x y z\n');
  const removed = removeSource(files, 'deb http://a/debian bookworm main');
  assert.is(dumpSources(removed.get('/etc/apt/sources.list')!), '# main archive\n# deb http://b/debian bookworm main\n\n');
});

/** The reads planContent asks for: sources.list.d is a directory, every other path is missing. */
const STATS: [RegExp, { stdout: string; code?: number }][] = [
  [/^\[ -e \/etc\/apt\/sources\.list\.d \]/, { stdout: '0022\n41ed 755 0 0 4096 1 1 2 root root\nR/etc/apt/sources.list.d' }],
  [/^\[ -d \/etc\/apt\/sources\.list\.d \]$/, { stdout: '' }],
  [/^\[ -e /, { stdout: '', code: 3 }],
  [/^\{ \[ -e /, { stdout: '', code: 3 }],
];
const sources = (files: Record<string, string>) =>
  Object.entries(files).map(([f, t]) => `@@file ${Buffer.byteLength(t)} ${f}\n${t}`).join('');

test('apt_repository plans a new file in sources.list.d (0644) and the cache refresh; present again is a no-op', async () => {
  const repo = 'deb [signed-by=/etc/apt/keyrings/lab.asc] http://10.200.0.12:8000/debian bookworm main';
  const h = recordedHost({ facts: [...STATS, ['@@file', { stdout: sources({ '/etc/apt/sources.list': 'deb http://deb.debian.org/debian bookworm main\n' }) }]] });
  const plan = await h.plan(aptRepository, { repo });
  assert.equal(summaries(plan), ['create /etc/apt/sources.list.d/10_200_0_12_8000_debian.list (mode 0644)', 'update the package lists']);
  assert.equal(plan.changes[0]!.diff, { header: '/etc/apt/sources.list.d/10_200_0_12_8000_debian.list', before: '', after: `${repo}\n` });
  const there = recordedHost({ facts: [...STATS, ['@@file', { stdout: sources({ '/etc/apt/sources.list.d/x.list': `${repo.replace(' bookworm', '   bookworm')}\n` }) }]] });
  const none = await there.plan(aptRepository, { repo });
  assert.equal(summaries(none), []);
  assert.match(String(none.reason), /already enabled/);
  const gone = recordedHost({ facts: [...STATS, ['@@file', { stdout: sources({ '/etc/apt/sources.list.d/x.list': `${repo}\n` }) }]] });
  const rm = await gone.plan(aptRepository, { repo, state: 'absent', update_cache: false });
  assert.equal(summaries(rm), ['remove /etc/apt/sources.list.d/x.list (no source left)']);
  assert.match((await failure(() => h.plan(aptRepository, { repo: 'ppa:deadsnakes/ppa' }))).message, /ppa: repositories are not supported/);
  assert.match((await failure(() => h.plan(aptRepository, { repo: 'http://x bookworm main' }))).message, /Invalid repository string/);
});

test('the byte-counted split is not fooled by a file holding @@file lines', () => {
  const m = splitFiles(Buffer.from(sources({ '/a.list': '@@file 3 /evil\nabc\n', '/b.list': 'deb x y\n' })));
  assert.equal([...m], [['/a.list', '@@file 3 /evil\nabc\n'], ['/b.list', 'deb x y\n']]);
});

test('deb822 text as Ansible dumps it: sorted fields, yes/no, lists, an inline key indented with . for empty lines', () => {
  const text = deb822Text({ name: 'Docker CE', types: ['deb'], uris: ['https://download.docker.com/linux/debian'], suites: ['bookworm'], components: ['stable'], architectures: ['amd64'], enabled: true, signed_by: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF\n-----END PGP PUBLIC KEY BLOCK-----\n' });
  assert.is(
    text,
    'Architectures: amd64\nComponents: stable\nEnabled: yes\nX-Repolib-Name: Docker CE\nSigned-By:\n    -----BEGIN PGP PUBLIC KEY BLOCK-----\n    .\n    mQINBF\n    -----END PGP PUBLIC KEY BLOCK-----\nSuites: bookworm\nTypes: deb\nURIs: https://download.docker.com/linux/debian\n',
  );
  assert.equal(deb822Slugs('Docker CE'), { slug: 'Docker-CE', legacy: 'docker-ce' });
  assert.is(deb822Text({ check_valid_until: false, date_max_future: 10, by_hash: true }), 'By-Hash: yes\nCheck-Valid-Until: no\nDate-Max-Future: 10\n');
});

test('apt_key refuses, showing the keyring-file + signed-by equivalent of its own arguments', async () => {
  const e = await failure(() => recordedHost().plan(aptKey, { url: 'https://download.docker.com/linux/debian/gpg.asc' }));
  assert.match(e.message, /apt_key is not supported: apt-key is deprecated/);
  assert.match(e.hint ?? '', /signed_by: https:\/\/download\.docker\.com\/linux\/debian\/gpg\.asc/);
  assert.match(e.hint ?? '', /get_url: \{ url: https:\/\/download\.docker\.com\/linux\/debian\/gpg\.asc, dest: \/etc\/apt\/keyrings\/gpg\.asc, mode: '0644' \}/);
  assert.match(e.hint ?? '', /deb \[signed-by=\/etc\/apt\/keyrings\/gpg\.asc\]/);
});

test.run();
