// What get_url reads, all in the one round trip of its planning: the destination (and, when it is a
// directory, the file inside it named after the URL), its digest for the checksum asked for, and — only
// with force — the digest of what the URL serves now (downloaded to a temporary file that is removed).

import { randomBytes } from 'node:crypto';
import { ModuleFailure } from '../../engine/errors.js';
import { argv, cmd } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';
import { curlArgs, downloadScript, type HttpOptions } from './http-host.js';

export const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export interface Checksum {
  algorithm: Algorithm;
  digest: string;
}

/** `sha256:abc…` (Ansible's `<algorithm>:<checksum>`), validated before anything runs. */
export function parseChecksum(s: string | undefined): Checksum | undefined {
  if (s === undefined || s === '') return undefined;
  const m = /^([a-z0-9]+):(.*)$/i.exec(s.trim());
  if (!m) throw new ModuleFailure(`The checksum parameter has to be in format <algorithm>:<checksum>: ${s}`);
  const algorithm = m[1]!.toLowerCase() as Algorithm;
  if (!ALGORITHMS.includes(algorithm)) throw new ModuleFailure(`unsupported checksum algorithm: ${m[1]}`, {}, { hint: `one of ${ALGORITHMS.join(', ')}` });
  const digest = m[2]!.trim().toLowerCase();
  if (/^[a-z]+:\/\//.test(digest)) throw new ModuleFailure('a checksum given as the URL of a checksum file is not supported', {}, { hint: 'write the digest itself: checksum: "sha256:<hex>"' });
  if (!/^[0-9a-f]+$/.test(digest)) throw new ModuleFailure(`The checksum format is invalid: ${s}`, {}, { hint: 'a hexadecimal digest after the colon' });
  return { algorithm, digest };
}

/** The digest of a regular file on the host, or null when there is no regular file. */
export function digestFact(path: string, algorithm: Algorithm): Fact<string | null> {
  return {
    key: `digest-${algorithm}:${path}`,
    command: cmd`[ -f ${path} ] || exit 3; ${`${algorithm}sum`} < ${path} | cut -d' ' -f1`,
    parse(stdout, code, stderr) {
      if (code === 3) return null;
      if (code !== 0) throw new Error(`could not compute the ${algorithm} of ${path}: ${stderr.trim() || `exit code ${code}`}`);
      return stdout.trim();
    },
  };
}

export interface RemoteDigest {
  /** sha256 of what the URL serves now. */
  digest?: string;
  /** Nothing was fetched: dest is missing, or already has the checksum asked for (and force is off). */
  skipped?: boolean;
  /** The server answered 304 to If-Modified-Since (dest's mtime): it has nothing newer. */
  notModified?: boolean;
  error?: string;
}

/**
 * What Ansible's get_url fetches for an existing dest, decided on the host in the same round trip as the
 * stat: nothing when dest is missing or has the checksum (force off); else a GET — conditional
 * (If-Modified-Since dest's mtime, curl -z) when force is off and dest is a file — to a temporary file,
 * whose sha256 is printed and which is removed again.
 */
export function remoteDigestFact(http: HttpOptions, o: { dest: string; inDir: string; force: boolean; checksum?: Checksum }): Fact<RemoteDigest> {
  const conditional = argv([...curlArgs(http, ['-f', '-w', '%{http_code}', '-o']), '$T', '-z', '$D', '--', http.url]).replace("'$T'", '"$t"').replace("'$D'", '"$d"');
  const script = [
    cmd`d=${o.dest}; dir=`,
    cmd`if [ -d "$d" ]; then d=${o.inDir}; dir=1; fi`,
    '[ -f "$d" ] || { echo "@@skip"; exit 0; }',
    'mismatch=',
    ...(o.checksum
      ? [`${cmd`have=$(${`${o.checksum.algorithm}sum`} < "$d" | cut -d' ' -f1); if [ "$have" = ${o.checksum.digest} ]; then`} ${o.force ? 'true' : 'echo "@@skip"; exit 0'}; else mismatch=1; fi`]
      : []),
    't=$(mktemp) || exit 1',
    `trap 'rm -f "$t" "$t.err"' EXIT`,
    `if [ ${o.force ? 1 : 0} = 0 ] && [ -z "$dir" ] && [ -z "$mismatch" ] && command -v curl >/dev/null 2>&1; then`,
    `  code=$(${conditional} 2>"$t.err") || { head -n 3 "$t.err" >&2; exit 4; }`,
    '  [ "$code" != 304 ] || { echo "@@notmodified"; exit 0; }',
    `else {\n${downloadScript(http, 't')}\n} 2>"$t.err" || { head -n 3 "$t.err" >&2; exit 4; }; fi`,
    `sha256sum < "$t" | cut -d' ' -f1`,
  ].join('\n');
  return {
    // What a URL serves can change at any time: never answered from the cache.
    key: `url-digest:${http.url}:${randomBytes(8).toString('hex')}`,
    command: script,
    parse(stdout, code, stderr) {
      if (code === 4) return { error: stderr.trim() };
      if (code !== 0) throw new Error(`could not download ${http.url}: ${stderr.trim() || `exit code ${code}`}`);
      const out = stdout.trim();
      return out === '@@skip' ? { skipped: true } : out === '@@notmodified' ? { notModified: true } : { digest: out };
    },
  };
}

/** The file name a URL gives when dest is a directory (its path's last part, as Ansible's url_filename). */
export function urlFilename(url: string): string {
  let path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  path = path.replace(/\/+$/, '');
  const name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  return name && name !== '.' && name !== '..' && !name.includes('/') ? name : 'index.html';
}
