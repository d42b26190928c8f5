// deb822_repository: an apt source as a deb822 .sources file, as Ansible's module writes it (the modern
// way, with its key beside it): signed_by is a keyring path on the host, an inline key block, or a URL —
// downloaded on the host to /etc/apt/keyrings/<name>.asc (armoured) or .gpg, and named in Signed-By.
// The file goes through the copy core (diff, atomic put, mode).

import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import { defineModule, type Change, type Fact } from '../../engine/module-api/module.js';
import { runOrFail } from '../files/attrs.js';
import { contentFacts, planContent } from '../files/content.js';
import { statFact } from '../files/file-state.js';
import { downloadScript } from '../network/http-host.js';
import { SOURCES_D } from './apt-repository.js';
import { deb822Slugs, deb822Text } from './deb822-format.js';

const KEYRINGS = '/etc/apt/keyrings';
const list = (description: string) => ({ type: ['array', 'string'], items: { type: 'string' }, description }) as const;
const bool = (description: string) => ({ type: 'boolean', description }) as const;

export const deb822Repository = defineModule({
  name: 'deb822_repository',
  summary: 'Add or remove an apt source as a deb822 .sources file, with its signing key as a keyring file (signed_by).',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Name of the source (X-Repolib-Name); the file is /etc/apt/sources.list.d/<name>.sources.' },
      types: { type: ['array', 'string'], items: { enum: ['deb', 'deb-src'] }, default: ['deb'], description: 'deb and/or deb-src.' },
      uris: list('Repository URIs.'),
      suites: list('Suites (bookworm, stable, ./ for a flat repository).'),
      components: list('Components (main, contrib…).'),
      signed_by: { type: 'string', description: 'The key: a keyring path on the host, an ASCII-armoured key block, or an http(s) URL downloaded to /etc/apt/keyrings/<name>.asc|.gpg.' },
      architectures: list('Architectures (amd64…).'),
      languages: list('Languages of the translations to fetch.'),
      targets: list('Download targets.'),
      enabled: bool('false: the source is kept but not used.'),
      trusted: bool('Trust the source without a signature (avoid).'),
      allow_insecure: bool('Allow an unsigned repository.'),
      allow_weak: bool('Allow weak signatures.'),
      allow_downgrade_to_insecure: bool('Allow a signed repository to become unsigned.'),
      by_hash: bool('Use by-hash index files.'),
      check_date: bool('Check the Release file date.'),
      check_valid_until: bool('Check the Valid-Until field.'),
      date_max_future: { type: 'integer', description: 'Seconds a Release date may lie in the future.' },
      inrelease_path: { type: 'string', description: 'Path of the InRelease file.' },
      pdiffs: bool('Use index diffs.'),
      mode: { type: ['string', 'integer'], default: '0644', description: 'Mode of the .sources file.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'absent: the .sources file and its downloaded key are removed.' },
      install_python_debian: { type: 'boolean', default: true, description: 'Accepted for compatibility; runbook needs no python3-debian.' },
    },
  },
  async plan(ctx, p) {
    const { slug, legacy } = deb822Slugs(p.name);
    if (!slug || slug.includes('/')) throw new ModuleFailure(`invalid name: ${JSON.stringify(p.name)}`, {}, { hint: 'a name without /' });
    const file = (s: string) => posix.join(SOURCES_D, `${s}.sources`);
    const keyFiles = ['asc', 'gpg'].map((ext) => posix.join(KEYRINGS, `${slug}.${ext}`));
    const url = p.signed_by !== undefined && /^https?:\/\//.test(p.signed_by) ? p.signed_by : undefined;
    const [legacySt, , , , ascSt, gpgSt, keyOnHost, remoteKey] = await ctx.facts(
      statFact(file(legacy)),
      // What planContent reads of the file (its stats, its directory): read now, so a no-op costs one round trip.
      ...contentFacts(file(slug)),
      statFact(keyFiles[0]!, { follow: true, checksum: true }),
      statFact(keyFiles[1]!, { follow: true, checksum: true }),
      isFileFact(p.signed_by && !url ? p.signed_by : undefined),
      ...(url ? [remoteKeyFact(url)] : []),
    );
    // Ansible keeps the name of a file made by its older versions.
    const dest = legacy !== slug && legacySt ? file(legacy) : file(slug);
    const keySlugFiles = legacy !== slug && legacySt ? ['asc', 'gpg'].map((ext) => posix.join(KEYRINGS, `${legacy}.${ext}`)) : keyFiles;
    if (p.state === 'absent') {
      const changes: Change[] = [];
      const [destSt] = await ctx.facts(statFact(dest));
      for (const [path, st] of [[dest, destSt], [keySlugFiles[0]!, ascSt], [keySlugFiles[1]!, gpgSt]] as const) {
        if (st) changes.push({ summary: `remove ${path}`, run: cmd`rm -f -- ${path}` });
      }
      return { changes, data: { repo: null, dest }, reason: changes.length ? undefined : `${dest} does not exist` };
    }
    const changes: Change[] = [];
    let signedBy = p.signed_by;
    if (url) {
      if (remoteKey?.error || !remoteKey?.sha256) throw new ModuleFailure(`Could not fetch signed_by key: ${remoteKey?.error ?? 'empty answer'}`);
      const keyPath = keySlugFiles[remoteKey.armored ? 0 : 1]!;
      const st = remoteKey.armored ? ascSt : gpgSt;
      signedBy = keyPath;
      if (st?.sha256 !== remoteKey.sha256 || (st.mode & 0o7777) !== 0o644) changes.push(keyChange(ctx, url, keyPath, remoteKey.sha256));
    } else if (p.signed_by !== undefined && !keyOnHost && !p.signed_by.includes('\n') && p.signed_by.startsWith('/')) {
      // A path that is not there: apt would fail on every update; Ansible writes it as given. So do we, with a warning.
      ctx.warn(`signed_by ${p.signed_by} is not a file on the host: apt will not find the key`);
    }
    // Ansible's list type: a string is a comma-separated list.
    const L = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : v.split(',').map((x) => x.trim()));
    const text = deb822Text({
      allow_downgrade_to_insecure: p.allow_downgrade_to_insecure, allow_insecure: p.allow_insecure, allow_weak: p.allow_weak, architectures: L(p.architectures),
      by_hash: p.by_hash, check_date: p.check_date, check_valid_until: p.check_valid_until, components: L(p.components), date_max_future: p.date_max_future,
      enabled: p.enabled, inrelease_path: p.inrelease_path, languages: L(p.languages), name: p.name, pdiffs: p.pdiffs, signed_by: signedBy, suites: L(p.suites),
      targets: L(p.targets), trusted: p.trusted, types: L(p.types), uris: L(p.uris),
    });
    const plan = await planContent(ctx, Buffer.from(text), { dest, mode: p.mode });
    changes.push(...plan.changes);
    const data = { repo: text, dest, key_filename: url ? signedBy : null };
    return changes.length ? { changes, data } : { changes, data, reason: `${dest} is up to date` };
  },
});

function isFileFact(path: string | undefined): Fact<boolean> {
  return { key: `isfile:${path ?? ''}`, command: path ? cmd`[ -f ${path} ] && echo yes || true` : 'true', parse: (out) => out.trim() === 'yes' };
}

/** Download the key to a temporary file: is it armoured, and its sha256 (the file is removed again). */
function remoteKeyFact(url: string): Fact<{ armored?: boolean; sha256?: string; error?: string }> {
  const http = { url, timeout: 60, validateCerts: true };
  return {
    // What a URL serves can change: never answered from the cache.
    key: `remote-key:${url}:${randomBytes(8).toString('hex')}`,
    command: ['t=$(mktemp) || exit 1', `trap 'rm -f "$t"' EXIT`, `{\n${downloadScript(http, 't')}\n} 2>&1 >/dev/null | head -n 3 | sed 's/^/@@error /'`, '[ -s "$t" ] || exit 0', `grep -q 'BEGIN PGP PUBLIC KEY BLOCK' "$t" && echo armored`, `sha256sum < "$t" | cut -d' ' -f1`].join('\n'),
    parse(stdout) {
      const err = stdout.split('\n').filter((l) => l.startsWith('@@error ')).map((l) => l.slice(8));
      if (err.length) return { error: err.join(' ') };
      const lines = stdout.trim().split('\n').filter(Boolean);
      return { armored: lines.includes('armored'), sha256: lines[lines.length - 1] };
    },
  };
}

/** Download the key again into the keyrings directory (0755), checked against what planning saw, 0644. */
function keyChange(ctx: { conn: import('../../engine/connection/types.js').Connection }, url: string, path: string, sha256: string): Change {
  const lines = [
    cmd`mkdir -p -m 0755 -- ${KEYRINGS}`,
    cmd`t=$(mktemp ${`${path}.runbook-XXXXXX`}) || exit 1`,
    `trap 'rm -f "$t"' EXIT`,
    `${downloadScript({ url, timeout: 60, validateCerts: true }, 't')} || exit 1`,
    cmd`[ "$(sha256sum < "$t" | cut -d' ' -f1)" = ${sha256} ] || { echo 'the key changed since it was read' >&2; exit 1; }`,
    cmd`chmod 0644 "$t" && mv -f "$t" ${path}`,
  ];
  return { summary: `download key ${url} to ${path}`, diff: { header: path, before: '', after: `sha256 ${sha256}\n` }, apply: async () => void (await runOrFail(ctx.conn, lines.join('\n'), `download of ${url}`)) };
}
