// HTTP requests made ON the host (get_url, uri, apt's deb URLs), with the host's curl — or wget where curl
// is missing, for plain downloads. Every value is quoted; the URL always comes after `--`, so no URL or
// header is ever read as an option.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';

export interface HttpOptions {
  url: string;
  headers?: Record<string, string>;
  /** Seconds for the whole transfer. */
  timeout: number;
  validateCerts: boolean;
}

export const HTTP_SCHEMA = {
  url: { type: 'string', description: 'http://, https:// (or ftp:// for get_url) URL, fetched by the host itself with curl (or wget).' },
  headers: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] }, description: 'Request headers, name → value.' },
  timeout: { type: 'integer', minimum: 1, default: 10, description: 'Seconds the request may take.' },
  validate_certs: { type: 'boolean', default: true, description: 'false: accept a TLS certificate that does not verify (curl -k).' },
} as const;

/** Refuse what would make a bad command or surprise: an unknown scheme, a header with a line break. */
export function checkRequest(o: HttpOptions, schemes = ['http', 'https', 'ftp']): void {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(o.url)?.[1]?.toLowerCase();
  if (!scheme || !schemes.includes(scheme)) throw new ModuleFailure(`unsupported URL: ${o.url}`, {}, { hint: `a URL starting with ${schemes.map((s) => `${s}://`).join(', ')}` });
  for (const [k, v] of Object.entries(o.headers ?? {})) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) || /[\r\n]/.test(String(v))) throw new ModuleFailure(`invalid header: ${JSON.stringify(k)}`, {}, { hint: 'header names are tokens; values have no line breaks' });
  }
}

const headerPairs = (o: HttpOptions) => Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${String(v)}`);

/** curl's arguments for a request (without the output options): fail on HTTP errors when `fail`. */
export function curlArgs(o: HttpOptions, extra: string[] = []): string[] {
  return ['curl', '-sS', '-L', '--max-time', String(o.timeout), ...(o.validateCerts ? [] : ['-k']), ...headerPairs(o).flatMap((h) => ['-H', h]), ...extra];
}

/** Shell lines downloading `o.url` into the file named by the shell variable `$var` (curl, else wget). */
export function downloadScript(o: HttpOptions, variable: string): string {
  const curl = argv([...curlArgs(o, ['-f']), '-o']);
  const wget = argv(['wget', '-q', '-T', String(o.timeout), ...(o.validateCerts ? [] : ['--no-check-certificate']), ...headerPairs(o).map((h) => `--header=${h}`), '-O']);
  const url = argv(['--', o.url]);
  return [
    `if command -v curl >/dev/null 2>&1; then ${curl} "$${variable}" ${url}`,
    `elif command -v wget >/dev/null 2>&1; then ${wget} "$${variable}" ${url}`,
    `else echo 'neither curl nor wget is installed on the host' >&2; false; fi`,
  ].join('\n');
}
