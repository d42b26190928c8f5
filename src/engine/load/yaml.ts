// Load YAML the way Ansible users expect (YAML 1.1: `yes` is true, `0644` is octal; merge keys `<<`), with
// duplicate keys refused, and every mapping and sequence remembering where it came from, so any later stage
// can report `file:line:col` for any value without carrying paths around.

import { readFile } from 'node:fs/promises';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Scalar,
  type Document,
  type Node,
  type ScalarTag,
  type Tags,
} from 'yaml';
import { InvalidInputError, type Loc } from '../errors.js';
import { syntaxProblems } from './syntax-errors.js';
import { isVaulted } from '../vault/format.js';
import { decryptInline, isVaultedScalar, parseVaultedFile, vaultTag } from '../vault/yaml-values.js';

/** Positions of a mapping or sequence: its own, and those of each key and each value. */
export interface Positions {
  self: Loc;
  keys: Record<string, Loc>;
  values: Record<string | number, Loc>;
}

const POSITIONS = Symbol('runbook.positions');

/**
 * YAML 1.1 booleans as PyYAML (and so Ansible) reads them: yes/no/on/off/true/false, but not the single
 * letters y/n, which the spec also lists — a key `y:` or a value `n` stays a string. Timestamps
 * (`2024-01-02`) stay the text written, which is what Ansible writes for a date in a template; a JavaScript
 * Date would be an object with no keys.
 */
function pyyamlTags(tags: Tags): Tags {
  const bool = (value: boolean, test: RegExp): ScalarTag => ({
    identify: (v) => v === value,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test,
    resolve: () => new Scalar(value),
  });
  return [
    bool(true, /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/),
    bool(false, /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/),
    ...tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:bool' && t.tag !== 'tag:yaml.org,2002:timestamp')),
    vaultTag,
  ];
}

function isMergeKey(node: unknown): boolean {
  return isScalar(node) && (node.value === '<<' || (typeof node.value === 'symbol' && node.value.description === '<<'));
}

type Located = { [POSITIONS]?: Positions };

/** Where an object or array from the loader came from; undefined for values runbook built itself. */
export function positionsOf(value: unknown): Positions | undefined {
  return typeof value === 'object' && value !== null ? (value as Located)[POSITIONS] : undefined;
}

/** Give a value built from another format (an INI inventory) its positions, so locOf finds them. */
export function withPositions<T extends object>(value: T, positions: Positions): T {
  Object.defineProperty(value, POSITIONS, { value: positions, enumerable: false });
  return value;
}

/**
 * Location of `key` inside `container` (its value, or the key itself with which='key'); falls back to the
 * container's own position, then to `fallback`.
 */
export function locOf(container: unknown, key?: string | number, which: 'key' | 'value' = 'value', fallback?: Loc): Loc | undefined {
  const p = positionsOf(container);
  if (!p) return fallback;
  if (key === undefined) return p.self;
  const k = which === 'key' ? p.keys[String(key)] : p.values[key];
  return k ?? p.self;
}

export interface LoadedYaml {
  file: string;
  value: unknown;
  /** Location for a JSON-pointer-like path (ajv's instancePath split on '/'); nearest existing ancestor. */
  locate(path: readonly (string | number)[], which?: 'key' | 'value'): Loc;
}

function parse(text: string): { doc: Document; errors: Document['errors']; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    version: '1.1',
    uniqueKeys: true,
    merge: true,
    prettyErrors: false,
    customTags: pyyamlTags,
  });
  return { doc, errors: doc.errors, lineCounter };
}

/** A file whose whole content is a vault (ansible-vault encrypt vars.yaml) is decrypted first. */
export function parseYaml(text: string, file: string): LoadedYaml {
  return isVaulted(text) ? parseVaultedFile(text, file, parsePlain) : parsePlain(text, file);
}

function parsePlain(text: string, file: string): LoadedYaml {
  const { doc, lineCounter } = parse(text);
  const at = (offset: number): Loc => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  // Parsed again there (only on error), as many times as it takes to see past unquoted `{` values.
  if (doc.errors.length > 0) throw new InvalidInputError(syntaxProblems(text, file, parse));

  const value = toValue(doc.contents as Node | null, at, doc, { left: MAX_ALIAS_VALUES, expanding: new Set() });
  const locate = (path: readonly (string | number)[], which: 'key' | 'value' = 'value'): Loc => {
    let cur: unknown = value;
    let loc = positionsOf(value)?.self ?? { file, line: 1, col: 1 };
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const p = positionsOf(cur);
      if (!p || cur === null || typeof cur !== 'object') break;
      const last = i === path.length - 1;
      const next = last && which === 'key' ? p.keys[String(seg)] : p.values[seg];
      if (!next) break;
      loc = next;
      cur = (cur as Record<string | number, unknown>)[seg];
    }
    return loc;
  };
  return { file, value, locate };
}

export async function loadYaml(file: string): Promise<LoadedYaml> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message = err.code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${err.message}`;
    throw new InvalidInputError([{ message, hint: err.code === 'ENOENT' ? 'check the path (relative paths are relative to the current directory)' : undefined }]);
  }
  return parseYaml(text, file);
}

/**
 * How many values aliases may add in one file. Each alias is expanded into a copy (a later stage may change
 * one copy and must not change the others), so nine nested aliases of nine items each — a 500-byte file —
 * would make 387 million values: the "billion laughs". Real files stay far below this cap.
 */
export const MAX_ALIAS_VALUES = 100_000;

interface AliasBudget {
  /** Values aliases may still add; counted only inside an alias, so big plain files are not limited. */
  left: number;
  /** Anchored nodes being expanded now: an alias to one of them would recurse forever. */
  expanding: Set<Node>;
  /** The outermost alias being expanded, where the error is reported. */
  alias?: Loc;
}

function expandAlias(node: Node, at: (offset: number) => Loc, doc: Document, budget: AliasBudget): unknown {
  const target = isAlias(node) ? ((node.resolve(doc) as Node | undefined) ?? null) : null;
  const here = at(node.range?.[0] ?? 0);
  if (target && budget.expanding.has(target)) {
    throw new InvalidInputError([{ loc: here, message: 'this alias refers to a node that contains it (it would never end)' }]);
  }
  const outer = budget.alias === undefined;
  if (outer) budget.alias = here;
  if (target) budget.expanding.add(target);
  try {
    return toValue(target, at, doc, budget);
  } finally {
    if (target) budget.expanding.delete(target);
    if (outer) budget.alias = undefined;
  }
}

function toValue(node: Node | null, at: (offset: number) => Loc, doc: Document, budget: AliasBudget): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return expandAlias(node, at, doc, budget);
  if (budget.alias && --budget.left < 0) {
    throw new InvalidInputError([{
      loc: budget.alias,
      message: `aliases in this file expand to more than ${MAX_ALIAS_VALUES} values (nested aliases multiply)`,
      hint: 'write the repeated part once (a variable, a role default) instead of nesting aliases',
    }]);
  }
  if (isScalar(node)) return isVaultedScalar(node.value) ? decryptInline(node.value, at(node.range?.[0] ?? 0)) : node.value;
  if (isMap(node)) {
    const out: Record<string, unknown> & Located = {};
    const pos: Positions = { self: at(node.range?.[0] ?? 0), keys: {}, values: {} };
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      if (isMergeKey(keyNode)) continue; // resolved by mergeKeys below
      const key = String(isScalar(keyNode) ? keyNode.value : keyNode);
      const valueNode = pair.value as Node | null;
      out[key] = toValue(valueNode, at, doc, budget);
      pos.keys[key] = at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0);
      pos.values[key] = at(valueNode?.range?.[0] ?? keyNode?.range?.[0] ?? 0);
    }
    mergeKeys(node, out, at, doc, budget);
    Object.defineProperty(out, POSITIONS, { value: pos, enumerable: false });
    return out;
  }
  if (isSeq(node)) {
    const out: unknown[] & Located = [];
    const pos: Positions = { self: at(node.range?.[0] ?? 0), keys: {}, values: {} };
    node.items.forEach((item, i) => {
      out.push(toValue(item as Node | null, at, doc, budget));
      pos.values[i] = at((item as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0);
    });
    Object.defineProperty(out, POSITIONS, { value: pos, enumerable: false });
    return out;
  }
  return null;
}

/** YAML 1.1 merge keys (`<<: *defaults`): keys written in the mapping win over merged ones. */
function mergeKeys(node: Node, out: Record<string, unknown>, at: (o: number) => Loc, doc: Document, budget: AliasBudget): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    if (!isPair(pair) || !isMergeKey(pair.key)) continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const src of sources) {
      const v = toValue(src as Node | null, at, doc, budget);
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [k, val] of Object.entries(v)) if (!(k in out)) out[k] = val;
      }
    }
  }
}
