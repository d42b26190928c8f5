// Serialisation filters, byte for byte as Python writes them: to_json/to_nice_json (json.dumps: ', ' and
// ': ' separators, ASCII escapes, sorted keys when nice), to_yaml/to_nice_yaml (PyYAML's dump: sorted keys,
// flow style for leaf collections unless nice), from_json/from_yaml; hashes and password_hash.

import { createHash, randomBytes } from 'node:crypto';
import { parseYaml } from '../../load/yaml.js';
import { ExpressionError, isMapping, str } from '../jinja/values.js';
import { shaCrypt, SALT_CHARS } from './sha-crypt.js';
import { filter, type FilterTable } from './spec.js';
import { pyYaml } from './py-yaml.js';

function jsonString(s: string, ascii: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (ascii && c > 0x7e)) {
      const units = c > 0xffff ? [0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff)] : [c];
      out += units.map((u) => `\\u${u.toString(16).padStart(4, '0')}`).join('');
    } else out += ch;
  }
  return `${out}"`;
}

interface JsonStyle {
  indent?: number;
  sortKeys: boolean;
  itemSep: string;
  keySep: string;
  ascii: boolean;
}

export function pyJson(v: unknown, style: JsonStyle, depth = 0): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'string') return jsonString(v, style.ascii);
  const nl = style.indent === undefined ? '' : `\n${' '.repeat(style.indent * (depth + 1))}`;
  const close = style.indent === undefined ? '' : `\n${' '.repeat(style.indent * depth)}`;
  const sep = style.indent === undefined ? style.itemSep : style.itemSep.trimEnd();
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    return `[${nl}${v.map((x) => pyJson(x, style, depth + 1)).join(sep + nl)}${close}]`;
  }
  if (isMapping(v)) {
    const keys = Object.keys(v);
    if (!keys.length) return '{}';
    if (style.sortKeys) keys.sort();
    return `{${nl}${keys.map((k) => jsonString(k, style.ascii) + style.keySep + pyJson(v[k], style, depth + 1)).join(sep + nl)}${close}}`;
  }
  throw new ExpressionError(`Object of type ${typeof v} is not JSON serializable`);
}

function hash(v: unknown, alg: unknown = 'sha1'): string {
  const name = String(alg);
  try {
    return createHash(name).update(str(v), 'utf8').digest('hex');
  } catch {
    throw new ExpressionError(`hash: unknown algorithm ${JSON.stringify(name)}`);
  }
}

function passwordHash(v: unknown, scheme: unknown = 'sha512', salt?: unknown, rounds?: unknown): string {
  const alg = scheme === 'sha512' || scheme === 'sha512_crypt' ? 'sha512' : scheme === 'sha256' || scheme === 'sha256_crypt' ? 'sha256' : undefined;
  if (!alg) throw new ExpressionError(`password_hash: runbook knows sha512 and sha256 (crypt), not ${JSON.stringify(scheme)}`);
  const s = salt === undefined || salt === null ? [...randomBytes(16)].map((b) => SALT_CHARS[b % 64]).join('') : str(salt);
  return shaCrypt(alg, str(v), s, rounds === undefined ? 5000 : Number(rounds));
}

export const DATA_FILTERS: FilterTable = {
  to_json: filter(['indent', 'sort_keys', 'ensure_ascii'], (v: unknown, indent?: unknown, sortKeys: unknown = false, ascii: unknown = true) =>
    pyJson(v, { ...(indent === undefined || indent === null ? {} : { indent: Number(indent) }), sortKeys: sortKeys === true, itemSep: ', ', keySep: ': ', ascii: ascii !== false })),
  to_nice_json: filter(['indent', 'sort_keys', 'ensure_ascii'], (v: unknown, indent: unknown = 4, sortKeys: unknown = true, ascii: unknown = true) =>
    pyJson(v, { indent: Number(indent), sortKeys: sortKeys !== false, itemSep: ',', keySep: ': ', ascii: ascii !== false })),
  from_json: filter([], (v: unknown) => {
    try {
      return JSON.parse(str(v)) as unknown;
    } catch (e) {
      throw new ExpressionError(`from_json: ${(e as Error).message}`);
    }
  }),
  to_yaml: filter(['indent', 'default_flow_style'], (v: unknown, indent: unknown = 2, flow: unknown = null) => pyYaml(v, { indent: Number(indent), flow: flow === null ? 'leaves' : flow === true ? 'always' : 'never' })),
  to_nice_yaml: filter(['indent', 'default_flow_style'], (v: unknown, indent: unknown = 4, flow: unknown = false) => pyYaml(v, { indent: Number(indent), flow: flow === null ? 'leaves' : flow === true ? 'always' : 'never' })),
  // The playbook loader's reading of YAML (PyYAML's booleans: not y/n), so a value reads the same both ways.
  from_yaml: filter([], (v: unknown) => parseYaml(str(v), 'from_yaml').value),
  hash: filter(['hashtype'], hash),
  checksum: filter([], (v: unknown) => hash(v, 'sha1')),
  md5: filter([], (v: unknown) => hash(v, 'md5')),
  sha1: filter([], (v: unknown) => hash(v, 'sha1')),
  password_hash: filter(['hashtype', 'salt', 'rounds'], passwordHash),
};
