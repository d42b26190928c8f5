// PyYAML's yaml.dump (through libyaml, as ansible-core uses it) as Ansible's to_yaml/to_nice_yaml call it: keys sorted, sequences in a mapping not
// indented ("key:\n- a"), a block item's content one indent past its dash ("-   a: 1" at indent 4), leaf
// collections in flow style unless asked otherwise, and strings quoted only when they would read back as
// something else. Not reproduced: PyYAML's folding of scalars longer than 80 columns.

import { isMapping } from '../jinja/values.js';

export interface YamlStyle {
  indent: number;
  /** Flow style: for collections of scalars only (PyYAML's default_flow_style=None), always, or never. */
  flow: 'leaves' | 'always' | 'never';
}

const isCollection = (v: unknown) => Array.isArray(v) || isMapping(v);

/** What YAML 1.1 would read as something other than this string. */
const RESOLVES = /^(?:~|null|Null|NULL|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(?:0b[01_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)|[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?|<<|=)$/;

function plainAllowed(s: string, flow: boolean): boolean {
  if (s === '' || RESOLVES.test(s)) return false;
  if (/^\s|\s$/.test(s) || /[\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !(/^[-?:][^\s,[\]{}]/.test(s) && !flow)) return false;
  if (/: |:$| #/.test(s)) return false;
  if (flow && /[,[\]{}]/.test(s)) return false;
  return true;
}

function scalar(v: unknown, flow: boolean, indent: string): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    return String(v);
  }
  const s = String(v);
  if (plainAllowed(s, flow)) return s;
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(s)) return JSON.stringify(s);
  // Single quotes: ' doubled; a line break is written as an empty line, continuation lines indented.
  return `'${s.replaceAll("'", "''").replace(/\n/g, `\n\n${indent}`)}'`;
}

/** A flow collection; `pad` is where a quoted string's continuation lines start (libyaml: two indents in). */
function flowOf(v: unknown, pad: string): string {
  if (Array.isArray(v)) return `[${v.map((x) => flowOf(x, pad)).join(', ')}]`;
  if (isMapping(v)) return `{${Object.keys(v).sort().map((k) => `${scalar(k, true, pad)}: ${flowOf(v[k], pad)}`).join(', ')}}`;
  return scalar(v, true, pad);
}

function useFlow(v: unknown, style: YamlStyle): boolean {
  const items = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
  if (!items.length) return true;
  return style.flow === 'always' || (style.flow === 'leaves' && !items.some(isCollection));
}

/** Lines of a block node whose first line follows `lead` (a key or a dash) and the rest start at `col`. */
function block(v: unknown, col: number, style: YamlStyle): string {
  const pad = ' '.repeat(col);
  if (Array.isArray(v)) {
    return v
      .map((item, i) => {
        // A block collection starts one indent past its dash; a scalar or flow item after one space.
        const nested = isCollection(item) && !useFlow(item, style);
        const content = nested ? block(item, col + style.indent, style) : value(item, col + style.indent, style);
        return `${i ? pad : ''}-${nested ? ' '.repeat(style.indent - 1) : ' '}${content}`;
      })
      .join('\n');
  }
  const m = v as Record<string, unknown>;
  return Object.keys(m)
    .sort()
    .map((k, i) => {
      const x = m[k];
      const key = `${i ? pad : ''}${scalar(k, false, pad)}:`;
      if (!isCollection(x) || useFlow(x, style)) return `${key} ${value(x, col + style.indent, style)}`;
      // A sequence in a mapping is not indented (PyYAML's indentless sequence); a mapping is.
      const inner = Array.isArray(x) ? col : col + style.indent;
      return `${key}\n${' '.repeat(inner)}${block(x, inner, style)}`;
    })
    .join('\n');
}

function value(v: unknown, col: number, style: YamlStyle): string {
  return isCollection(v) && useFlow(v, style) ? flowOf(v, ' '.repeat(col + style.indent)) : isCollection(v) ? block(v, col, style) : scalar(v, false, ' '.repeat(col));
}

export function pyYaml(v: unknown, style: YamlStyle): string {
  if (!isCollection(v)) {
    const text = scalar(v, false, ' '.repeat(style.indent));
    // Ansible's dumper is libyaml's (CSafeDumper), which, unlike pure-Python PyYAML, ends a plain root
    // scalar without `...`.
    return `${text}\n`;
  }
  if (useFlow(v, style)) return `${flowOf(v, ' '.repeat(2 * style.indent))}\n`;
  return `${block(v, 0, style)}\n`;
}

