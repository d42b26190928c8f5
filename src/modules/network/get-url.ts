// get_url: download a file on the host, as Ansible's get_url does it (its code, not only its docs): nothing
// is fetched when dest already has the checksum asked for; an existing dest is otherwise compared with what
// the URL serves now — a conditional GET (If-Modified-Since dest's mtime) when force is off, a plain one
// with force or a directory dest — fetched while planning to a temporary file, so dest is replaced only
// when the content differs and a rerun of an unchanged URL changes nothing.
// The download itself goes to a temporary file beside dest, is checked, gets its attributes, and is
// renamed over dest: dest is never half-written.

import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import { defineModule, type Change, type ModuleContext } from '../../engine/module-api/module.js';
import { attrChange, attrSchema, checkMode, describeNew, runOrFail, setAttrsCommand, type AttrParams } from '../files/attrs.js';
import { statFact } from '../files/file-state.js';
import { checkRequest, downloadScript, HTTP_SCHEMA, type HttpOptions } from './http-host.js';
import { digestFact, parseChecksum, remoteDigestFact, urlFilename, type Checksum, type RemoteDigest } from './get-url-state.js';

export const getUrl = defineModule({
  name: 'get_url',
  summary: 'Download a file from HTTP(S)/FTP to the host (on the host, with curl or wget), checked against a checksum.',
  // ansible.builtin.get_url's argument_spec aliases (headers has none; dest none).
  aliases: {},
  prefetch: false,
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['url', 'dest'],
    properties: {
      ...HTTP_SCHEMA,
      dest: { type: 'string', description: 'Absolute path to download to; a directory: the file is named after the URL.' },
      checksum: { type: 'string', description: "'<algorithm>:<hex digest>' (sha256, sha1, sha512, md5…): the download must match it, and a dest that matches is not downloaded again." },
      force: { type: 'boolean', default: false, description: 'false: an existing dest is fetched again only when the server has a newer copy (If-Modified-Since); true: always fetched. Either way dest is replaced only when the content differs.' },
      ...attrSchema,
    },
  },
  async plan(ctx, p) {
    const http: HttpOptions = { url: p.url, headers: p.headers as Record<string, string> | undefined, timeout: p.timeout, validateCerts: p.validate_certs };
    checkRequest(http);
    if (!posix.isAbsolute(p.dest)) throw new ModuleFailure(`dest must be an absolute path: ${p.dest}`);
    const checksum = parseChecksum(p.checksum);
    checkMode(p.mode);
    const inDir = posix.join(p.dest, urlFilename(p.url));
    const algorithm = checksum?.algorithm ?? 'sha256';
    const [destSt, inDirSt, destDigest, inDirDigest, destSha, inDirSha, remote] = await ctx.facts(
      statFact(p.dest, { follow: true }),
      statFact(inDir, { follow: true }),
      digestFact(p.dest, algorithm),
      digestFact(inDir, algorithm),
      digestFact(p.dest, 'sha256'),
      digestFact(inDir, 'sha256'),
      remoteDigestFact(http, { dest: p.dest, inDir, force: p.force, checksum }),
    );
    const isDir = destSt?.type === 'directory';
    const dest = isDir ? inDir : p.dest;
    const st = isDir ? inDirSt : destSt;
    const have = isDir ? inDirDigest : destDigest;
    const data = { url: p.url, dest, ...(have ? { [`checksum_dest_${algorithm}`]: have } : {}) };
    if (st && st.type !== 'file') throw new ModuleFailure(`dest ${dest} exists and is not a regular file (${st.type})`);
    if (remote?.error) throw new ModuleFailure(`Request failed: ${p.url}: ${remote.error}`, {}, { hint: 'is the URL right, and does the host reach it?' });
    const why = downloadReason(st !== null, have, checksum, isDir ? inDirSha : destSha, remote);
    if (!why) {
      const attrs = st ? attrChange(ctx.conn, dest, st, p) : undefined;
      const reason = remote.skipped ? `${dest} already has ${checksum?.algorithm} ${checksum?.digest}` : remote.notModified ? `${p.url} is not newer than ${dest} (304)` : `${dest} already has what ${p.url} serves`;
      return attrs ? { changes: [attrs], data: { ...data, msg: 'file already exists' } } : { changes: [], data: { ...data, msg: 'file already exists' }, reason };
    }
    return { changes: [downloadChange(ctx, http, dest, checksum, p, why, st !== null)], data };
  },
});

/** Why dest must be (re)downloaded, or undefined. */
function downloadReason(exists: boolean, have: string | null, checksum: Checksum | undefined, sha: string | null, remote: RemoteDigest): string | undefined {
  if (!exists) return 'absent';
  // A dest without the checksum is downloaded whatever the server says: the download must have it.
  if (checksum && have !== checksum.digest) return `${checksum.algorithm} differs`;
  if (remote.skipped || remote.notModified || remote.digest === sha) return undefined;
  return 'content differs';
}

function downloadChange(ctx: ModuleContext, http: HttpOptions, dest: string, checksum: Checksum | undefined, attrs: AttrParams, why: string, exists: boolean): Change {
  const lines = [
    // The download is private until it is complete; a new file then gets the umask's default mode.
    'm=$(umask); umask 077',
    cmd`t=$(mktemp ${`${posix.dirname(dest)}/.${posix.basename(dest)}.runbook-XXXXXX`}) || exit 1`,
    `trap 'rm -f "$t"' EXIT`,
    downloadScript(http, 't') + ' || exit 1',
  ];
  if (checksum) {
    lines.push(
      `got=$(${checksum.algorithm}sum < "$t" | cut -d' ' -f1)`,
      cmd`[ "$got" = ${checksum.digest} ] || { echo "The checksum for "${dest}" did not match "${checksum.digest}"; it was $got." >&2; exit 1; }`,
    );
  }
  // The attributes dest keeps (or a new file's default, from the umask), then the ones asked for.
  lines.push(exists ? cmd`chmod --reference=${dest} "$t" && { chown --reference=${dest} "$t" 2>/dev/null || true; }` : 'chmod "$(printf %o $((0666 & ~0$m)))" "$t"');
  // setAttrsCommand quotes its path; the temporary file is a shell variable, put back in after quoting.
  const set = setAttrsCommand('$T', attrs);
  if (set) lines.push(set.replaceAll("'$T'", '"$t"').replaceAll('$T', '"$t"'));
  lines.push(`sha1=$(sha1sum < "$t" | cut -d' ' -f1); size=$(wc -c < "$t")`, cmd`mv -f "$t" ${dest} || exit 1`, 'trap - EXIT', 'echo "$sha1 $size"');
  return {
    summary: `download ${http.url} to ${dest}${describeNew(attrs)} (${why})`,
    apply: async () => {
      const out = (await runOrFail(ctx.conn, lines.join('\n'), `download of ${http.url}`)).trim().split(' ');
      return { checksum_src: out[0], size: Number(out[1]), msg: `OK (${out[1]} bytes)` };
    },
  };
}
