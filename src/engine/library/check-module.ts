// Whether a library file's default export is a module as the built-in ones are: the contract of
// module-api/module.ts checked at load time, so a mistake is a located problem at startup instead of a
// crash in the middle of a run. Positions are found by searching the file's text for the key at fault
// (a JavaScript file has no parsed positions here); the file's first line when it is not found.

import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Loc, Problem } from '../errors.js';
import type { AnyModule } from '../module-api/module.js';
import { moduleArgsAjv } from '../validate/ajv.js';

const NAME = /^[a-z_][a-z0-9_]*$/;

/** The module's name is its file's name, as in Ansible's library/. */
export const moduleNameOf = (file: string) => basename(file, extname(file));

/** The module object a namespace exports, or problems saying what is wrong with it. */
export function checkModule(exports: Record<string, unknown>, file: string): { module?: AnyModule; problems: Problem[] } {
  const text = readFileSync(file, 'utf8');
  const at = (needle?: string, after?: string): Loc => locate(text, file, needle, after);
  let m = exports.default as Record<string, unknown> | undefined;
  // A .ts compiled as CommonJS (tsx, no "type": "module") puts `export default` under default.default.
  if (m && typeof m === 'object' && !('plan' in m) && typeof m.default === 'object') m = m.default as Record<string, unknown>;
  const hint = 'export default defineModule({ name, summary, params, plan }) — see docs/writing-modules.md';
  if (!m || typeof m !== 'object') {
    return { problems: [{ loc: at('export'), message: 'module file has no default export (a module made with defineModule)', hint }] };
  }
  const problems: Problem[] = [];
  const expected = moduleNameOf(file);
  if (!NAME.test(expected)) {
    problems.push({ loc: at(), message: `${basename(file)}: a module's file name is its name, and ${JSON.stringify(expected)} is not one`, hint: 'lower case letters, digits and _ (Ansible module names)' });
  }
  if (m.name !== expected) {
    problems.push({ loc: at('name'), message: `the module is named ${JSON.stringify(m.name)} but its file is ${basename(file)}`, hint: `name: '${expected}' (a module's name is its file's name, as in Ansible's library/)` });
  }
  if (typeof m.summary !== 'string' || m.summary.trim() === '') problems.push({ loc: at('summary'), message: 'summary must be a one-line string', hint });
  if (typeof m.plan !== 'function') problems.push({ loc: at('plan'), message: 'plan must be a function (async plan(ctx, params) returning { changes, reason })', hint });
  problems.push(...paramsProblems(m.params, at));
  if (problems.length > 0) return { problems };
  return { module: m as unknown as AnyModule, problems };
}

function paramsProblems(params: unknown, at: (needle?: string, after?: string) => Loc): Problem[] {
  const p = params as { type?: unknown; additionalProperties?: unknown; properties?: Record<string, { description?: unknown }> } | undefined;
  const hint = "params: { type: 'object', additionalProperties: false, properties: { path: { type: 'string', description: '…' } } }";
  if (!p || typeof p !== 'object') return [{ loc: at('params'), message: 'params must be a JSON Schema object', hint }];
  const problems: Problem[] = [];
  if (p.type !== 'object') problems.push({ loc: at('params'), message: "params must have type: 'object'", hint });
  if (p.additionalProperties !== false) problems.push({ loc: at('params'), message: 'params must say additionalProperties: false (an unknown argument is an error, as for every module)', hint });
  if (!p.properties || typeof p.properties !== 'object') {
    problems.push({ loc: at('properties'), message: 'params must have properties', hint });
    return problems;
  }
  for (const [key, prop] of Object.entries(p.properties)) {
    if (!prop || typeof prop !== 'object' || typeof prop.description !== 'string' || prop.description === '') {
      problems.push({ loc: at(key, 'properties'), message: `parameter ${JSON.stringify(key)} has no description`, hint: 'every parameter says what it does (runbook modules NAME and editors show it)' });
    }
  }
  if (problems.length === 0) {
    try {
      moduleArgsAjv().compile(params as object);
    } catch (e) {
      // ajv names the place: `data/properties/path/type must be …`; the parameter's line is the one to show.
      const message = (e as Error).message;
      const param = /data\/properties\/([^/\s]+)/.exec(message)?.[1];
      problems.push({ loc: param ? at(param, 'properties') : at('params'), message: `params is not a valid JSON Schema: ${message}`, hint });
    }
  }
  return problems;
}

/**
 * The position of the first `needle` written as a key (`needle:` or `"needle":`) after the first `after` key
 * (the module's keys after `export default`, a parameter after `properties`), else of its first use.
 */
function locate(text: string, file: string, needle?: string, after = 'export default'): Loc {
  if (needle === undefined) return { file, line: 1, col: 1 };
  const from = Math.max(0, text.indexOf(after));
  const rest = text.slice(from);
  const esc = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:^|[\\s{,])['"]?(${esc})['"]?\\s*[:(]`, 'm').exec(rest) ?? new RegExp(`\\b${esc}\\b`).exec(rest);
  if (!m) return { file, line: 1, col: 1 };
  const offset = from + m.index + m[0].indexOf(needle);
  const before = text.slice(0, offset).split('\n');
  return { file, line: before.length, col: before[before.length - 1]!.length + 1 };
}
