// Ansible's filters for sizes (human_readable, human_to_bytes), URLs (urlsplit), UUIDs (to_uuid) and
// paths (path_join), written as Python writes them: '%.2f' sizes, urlsplit's fields in Python's order.

import { createHash } from 'node:crypto';
import { ExpressionError, isMapping, iterate, str } from '../jinja/values.js';
import { filter, type FilterTable } from './spec.js';

const SIZES: [string, number][] = ['Y', 'Z', 'E', 'P', 'T', 'G', 'M', 'K', 'B'].map((s, i) => [s, 2 ** (10 * (8 - i))]);

function humanReadable(v: unknown, isbits: unknown = false, unit?: unknown): string {
  const size = Number(v);
  const base = isbits === true ? 'bits' : 'Bytes';
  let [suffix, limit] = SIZES.at(-1)!;
  for (const [s, l] of SIZES) {
    if ((unit === undefined || unit === null ? size >= l : str(unit).toUpperCase() === s)) {
      [suffix, limit] = [s, l];
      break;
    }
  }
  return `${(size / limit).toFixed(2)} ${limit === 1 ? base : suffix + base[0]}`;
}

function humanToBytes(v: unknown, defaultUnit?: unknown, isbits: unknown = false): number {
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(str(v));
  const num = Number(m?.[1]);
  if (!m || m[1] === '' || Number.isNaN(num)) throw new ExpressionError(`human_to_bytes() can't interpret following string: ${str(v)}`);
  const unit = m[2] ?? (defaultUnit === undefined || defaultUnit === null ? undefined : str(defaultUnit));
  if (unit === undefined) return Math.round(num);
  const range = SIZES.find(([s]) => s === unit[0]!.toUpperCase());
  const letter = isbits === true ? 'b' : 'B';
  const name = isbits === true ? 'bit' : 'byte';
  const ok = range && (range[0] === 'B' ? unit === letter || unit.toLowerCase().startsWith(name) : unit.length === 1 || unit.slice(1) === letter);
  if (!ok) throw new ExpressionError(`human_to_bytes() failed to convert ${str(v)}: the unit must be one of ${SIZES.map(([s]) => s).join(', ')}, followed by ${letter}`);
  return Math.round(num * range[1]);
}

/** Python's urllib.parse.urlsplit, as Ansible's urlsplit filter returns it (one field, or all of them). */
function urlsplit(v: unknown, query: unknown = ''): unknown {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s.exec(str(v))!;
  const netloc = m[2] ?? '';
  const at = netloc.lastIndexOf('@');
  const user = at >= 0 ? netloc.slice(0, at) : undefined;
  const hostport = at >= 0 ? netloc.slice(at + 1) : netloc;
  const hp = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostport);
  const host = hp?.[1]?.replace(/^\[|\]$/g, '').toLowerCase();
  const parts: Record<string, unknown> = {
    fragment: m[5] ?? '',
    hostname: host ? host : null,
    netloc,
    password: user?.includes(':') ? user.slice(user.indexOf(':') + 1) : null,
    path: m[3] ?? '',
    port: hp?.[2] ? Number(hp[2]) : null,
    query: m[4] ?? '',
    scheme: (m[1] ?? '').toLowerCase(),
    username: user === undefined ? null : user.split(':')[0],
  };
  if (query === '' || query === null) return parts;
  if (!Object.hasOwn(parts, str(query))) throw new ExpressionError(`urlsplit: unknown URL component: ${str(query)}`);
  return parts[str(query)];
}

/** Python's uuid.uuid5 in Ansible's namespace. */
function toUuid(v: unknown, namespace: unknown = '361E6D51-FAEC-444A-9079-341386DA8E2E'): string {
  const ns = Buffer.from(str(namespace).replace(/[{}-]/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(str(v), 'utf8').digest().subarray(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Python's os.path.join: an absolute part starts over. */
function pathJoin(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isMapping(v)) throw new ExpressionError('path_join needs a list of paths');
  return iterate(v).map(str).reduce((acc, p) => (p.startsWith('/') || acc === '' ? p : acc.endsWith('/') ? acc + p : `${acc}/${p}`), '');
}

export const FORMAT_FILTERS: FilterTable = {
  human_readable: filter(['isbits', 'unit'], humanReadable),
  human_to_bytes: filter(['default_unit', 'isbits'], humanToBytes),
  urlsplit: filter(['query'], urlsplit),
  to_uuid: filter(['namespace'], toUuid),
  path_join: filter([], pathJoin),
};
