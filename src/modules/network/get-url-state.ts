// What get_url reads, all in the one round trip of its planning: the destination (and, when it is a
// directory, the file inside it named after the URL), its digest for the checksum asked for, and — only
// with force — the digest of what the URL serves now (downloaded to a temporary file that is removed).

import { randomBytes } from 'node:crypto';
import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';
import { downloadScript, type HttpOptions } from './http-host.js';

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

/** Download the URL to a temporary file, print its digest, remove it: what `force` compares. */
export function remoteDigestFact(http: HttpOptions, algorithm: Algorithm): Fact<{ digest?: string; error?: string }> {
  const script = [
    't=$(mktemp) || exit 1',
    `trap 'rm -f "$t"' EXIT`,
    `{\n${downloadScript(http, 't')}\n} 2>"$t.err" || { head -n 3 "$t.err" >&2; rm -f "$t.err"; exit 4; }`,
    'rm -f "$t.err"',
    `${algorithm}sum < "$t" | cut -d' ' -f1`,
  ].join('\n');
  return {
    // What a URL serves can change at any time: never answered from the cache.
    key: `url-digest:${http.url}:${randomBytes(8).toString('hex')}`,
    command: script,
    parse(stdout, code, stderr) {
      if (code === 4) return { error: stderr.trim() };
      if (code !== 0) throw new Error(`could not download ${http.url}: ${stderr.trim() || `exit code ${code}`}`);
      return { digest: stdout.trim() };
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
