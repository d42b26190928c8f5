// One HTTP request made on the host with curl for the uri module, and its answer taken apart: the status,
// the headers (as Ansible returns them: lower case, `-` → `_`), the body. The body is sent on curl's
// stdin from a quoted printf, never as an argument curl could read as an option.

import { ModuleFailure } from '../../engine/errors.js';
import { argv, cmd } from '../../engine/quote.js';
import { curlArgs, type HttpOptions } from './http-host.js';

export interface UriRequest extends HttpOptions {
  method: string;
  body?: string;
  followRedirects: boolean;
  /** Keep the body in the answer (return_content, or a JSON body to parse). */
  wantBody: boolean;
  creates?: string;
  removes?: string;
}

export interface UriAnswer {
  /** Set when creates/removes says the request is not to be made. */
  skipped?: string;
  status: number;
  url: string;
  headers: Record<string, string>;
  body: string;
  size: number;
  curlError?: string;
}

/** The request, guarded by creates/removes, printed as `@@` sections. */
export function uriCommand(r: UriRequest): string {
  const lines: string[] = [];
  if (r.creates) lines.push(cmd`if [ -e ${r.creates} ]; then echo "@@skip "${r.creates}" exists"; exit 0; fi`);
  if (r.removes) lines.push(cmd`if [ ! -e ${r.removes} ]; then echo "@@skip "${r.removes}" does not exist"; exit 0; fi`);
  lines.push(
    `command -v curl >/dev/null 2>&1 || { echo 'uri needs curl on the host' >&2; exit 127; }`,
    'd=$(mktemp -d) || exit 1',
    `trap 'rm -rf "$d"' EXIT`,
  );
  const curl = curlArgs(r, ['-X', r.method, '-D', '$D/h', '-o', '$D/b', '-w', '%{http_code} %{url_effective}']).filter((a) => r.followRedirects || a !== '-L');
  const args = argv([...curl, ...(r.body !== undefined ? ['--data-binary', '@-'] : []), '--', r.url]).replaceAll("'$D/h'", '"$d/h"').replaceAll("'$D/b'", '"$d/b"');
  const input = r.body !== undefined ? cmd`printf '%s' ${r.body} | ` : '';
  lines.push(
    `${input}${r.body === undefined ? `${args} </dev/null` : args} >"$d/w" 2>"$d/e"; rc=$?`,
    'echo "@@curl $rc $(cat "$d/w")"',
    '[ $rc = 0 ] || { head -n 3 "$d/e"; exit 0; }',
    'echo "@@size $(wc -c < "$d/b")"',
    'echo "@@headers"; cat "$d/h"',
    r.wantBody ? 'echo "@@body"; cat "$d/b"' : 'true',
  );
  return lines.join('\n');
}

export function parseUriAnswer(stdout: string): UriAnswer {
  const a: UriAnswer = { status: -1, url: '', headers: {}, body: '', size: 0 };
  const skip = /^@@skip (.*)$/m.exec(stdout);
  if (skip) return { ...a, skipped: skip[1]! };
  const curl = /^@@curl (\d+) (\d+) ?(.*)$/m.exec(stdout);
  if (!curl) throw new Error(`unexpected answer from the request: ${stdout.slice(0, 200)}`);
  a.status = Number(curl[2]);
  a.url = curl[3] ?? '';
  if (curl[1] !== '0') return { ...a, curlError: stdout.slice(stdout.indexOf('\n', curl.index) + 1).trim() || `curl exit code ${curl[1]}` };
  a.size = Number(/^@@size (\d+)$/m.exec(stdout)?.[1] ?? 0);
  const bodyAt = stdout.indexOf('\n@@body\n');
  const head = bodyAt === -1 ? stdout : stdout.slice(0, bodyAt);
  if (bodyAt !== -1) a.body = stdout.slice(bodyAt + 8);
  // After redirects curl writes every response's headers: the last block is the answer's.
  const blocks = head.slice(head.indexOf('@@headers\n') + 10).split(/\r?\n\r?\n/).filter((b) => /^HTTP\//.test(b.trim()));
  for (const line of (blocks[blocks.length - 1] ?? '').split(/\r?\n/).slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) a.headers[line.slice(0, i).trim().toLowerCase().replaceAll('-', '_')] = line.slice(i + 1).trim();
  }
  return a;
}

/** Ansible's body_format: json (objects and lists serialised), form-urlencoded (a mapping), raw. */
export function encodeBody(body: unknown, format: string, headers: Record<string, string>): { body?: string; headers: Record<string, string> } {
  if (body === undefined || body === null) return { headers };
  const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  if (format === 'json') {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return { body: text, headers: has('content-type') ? headers : { ...headers, 'Content-Type': 'application/json' } };
  }
  if (format === 'form-urlencoded') {
    if (typeof body !== 'object') return { body: String(body), headers: has('content-type') ? headers : { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' } };
    const pairs = Array.isArray(body) ? (body as [string, unknown][]) : Object.entries(body as Record<string, unknown>);
    const text = new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString();
    return { body: text, headers: has('content-type') ? headers : { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' } };
  }
  if (typeof body !== 'string') throw new ModuleFailure('body_format raw needs a string body', {}, { hint: 'set body_format: json (or form-urlencoded) for a mapping' });
  return { body, headers };
}
