// A task's module arguments as one object, whatever form they were written in: a mapping, a free-form
// string (`command: ls -l`), Ansible's `k=v` string, plus the task's `args:` mapping underneath, with
// parameter aliases (`dest=` for lineinfile's `path`) renamed to their parameter in every form.
// Remembers where each argument was written so later problems point at it.

import type { Loc, Problem } from '../errors.js';
import { locOf } from '../load/yaml.js';
import { paramOf } from '../module-api/aliases.js';
import type { SchemaNode } from '../module-api/schema-types.js';
import type { AnyModule } from '../module-api/module.js';
import { splitArgs, type Token } from './kv.js';
import type { WrittenModule } from './module-forms.js';

export interface ModuleArgs {
  args: Record<string, unknown>;
  /** Where each argument was written. */
  locs: Record<string, Loc>;
  /** Where the module's value was written (the fallback location). */
  loc: Loc;
  /** Only a mapping the document schema has already checked: no need to check again. */
  schemaChecked: boolean;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The arguments, or undefined (with a problem reported) when they cannot be read. */
export function moduleArgs(written: WrittenModule, task: Record<string, unknown>, problems: Problem[]): ModuleArgs | undefined {
  const { mod, value, at } = written;
  const out: ModuleArgs = { args: {}, locs: {}, loc: at, schemaChecked: written.schemaChecked && task.args === undefined };
  if (isMapping(task.args)) addMapping(out, task.args);
  if (isMapping(value)) {
    addMapping(out, value, written.notAnArgument);
  } else if (typeof value === 'string') {
    let tokens: Token[];
    try {
      tokens = splitArgs(value);
    } catch (e) {
      problems.push({ loc: at, message: `cannot read the ${mod.name} arguments: ${(e as Error).message}`, hint: 'close the quote, or write the arguments as a mapping' });
      return undefined;
    }
    if (!(mod.freeForm ? addFreeForm(out, mod, value, tokens) : addKeyValues(out, mod, tokens, problems))) return undefined;
  } else if (value !== null && value !== undefined) {
    return undefined; // a list or number: the document schema has reported it
  }
  return renameAliases(out, mod, problems) ? out : undefined;
}

/**
 * Aliases renamed to their parameter, in place and in order. A parameter written under two of its names
 * (`path` and `dest`, or `dest` and `name`) is refused where the second one is written: Ansible warns and
 * keeps one silently, which could edit another file than the one the reader sees.
 */
function renameAliases(out: ModuleArgs, mod: AnyModule, problems: Problem[]): boolean {
  if (!mod.aliases) return true;
  const args: Record<string, unknown> = {};
  const locs: Record<string, Loc> = {};
  const writtenAs = new Map<string, string>();
  let ok = true;
  for (const [key, value] of Object.entries(out.args)) {
    const param = paramOf(mod, key);
    const first = writtenAs.get(param);
    if (first !== undefined) {
      const aliases = [first, key].filter((k) => k !== param).map((k) => JSON.stringify(k));
      problems.push({
        loc: out.locs[key] ?? out.loc,
        message: `${mod.name}: ${param} is given twice, as ${JSON.stringify(first)} and as ${JSON.stringify(key)}`,
        hint: `${aliases.join(' and ')} ${aliases.length === 1 ? 'is another name' : 'are other names'} for ${JSON.stringify(param)}: keep only one`,
      });
      ok = false;
      continue;
    }
    writtenAs.set(param, key);
    args[param] = value;
    locs[param] = out.locs[key] ?? out.loc;
  }
  out.args = args;
  out.locs = locs;
  return ok;
}

function addMapping(out: ModuleArgs, mapping: Record<string, unknown>, skip?: string): void {
  for (const [k, v] of Object.entries(mapping)) {
    if (k === skip) continue;
    out.args[k] = v;
    out.locs[k] = locOf(mapping, k, 'value', out.loc)!;
  }
}

/** `command: chdir=/tmp ls -l`: `k=v` tokens naming a parameter are arguments, the rest is the free form. */
function addFreeForm(out: ModuleArgs, mod: AnyModule, text: string, tokens: Token[]): boolean {
  const params = mod.params.properties as Record<string, SchemaNode>;
  const isParam = (t: Token) => {
    const param = t.key === undefined ? undefined : paramOf(mod, t.key);
    return param !== undefined && param !== mod.freeForm && Object.hasOwn(params, param);
  };
  const extracted = tokens.filter(isParam);
  for (const t of extracted) setKeyValue(out, mod, t);
  // Keep the text exactly as written unless arguments were taken out of it.
  out.args[mod.freeForm!] = extracted.length === 0 ? text : tokens.filter((t) => !isParam(t)).map((t) => t.raw).join(' ');
  return true;
}

function addKeyValues(out: ModuleArgs, mod: AnyModule, tokens: Token[], problems: Problem[]): boolean {
  const params = mod.params.properties as Record<string, SchemaNode>;
  const loose = tokens.filter((t) => t.key === undefined);
  for (const t of loose) {
    problems.push({
      loc: out.loc,
      message: `${mod.name} takes key=value arguments, and ${JSON.stringify(t.raw)} is not one`,
      hint: `write the arguments as a mapping, e.g. ${mod.name}: {${Object.keys(params)[0] ?? 'key'}: ...}`,
    });
  }
  for (const t of tokens) if (t.key !== undefined) setKeyValue(out, mod, t);
  return loose.length === 0;
}

/** A `k=v` token as an argument, typed by its parameter's schema (an alias's too); renamed later. */
function setKeyValue(out: ModuleArgs, mod: AnyModule, t: Token): void {
  const params = mod.params.properties as Record<string, SchemaNode>;
  out.args[t.key!] = coerce(t.value!, params[paramOf(mod, t.key!)]);
  out.locs[t.key!] = out.loc;
}

/**
 * A `k=v` value is text; give it the parameter's type as Ansible's argument spec does (`mode=0644` stays
 * text, `force=yes` becomes true, `retries=3` a number, `names=a,b` a list). Templates are left alone.
 */
export function coerce(text: string, param: SchemaNode | undefined): unknown {
  if (!param || text.includes('{{')) return text;
  const types = param.type === undefined ? [] : Array.isArray(param.type) ? param.type : [param.type];
  if (types.includes('string')) return text;
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (types.includes('boolean')) {
    if (/^(yes|true|on|1)$/i.test(text)) return true;
    if (/^(no|false|off|0)$/i.test(text)) return false;
  }
  if (types.includes('array')) return text === '' ? [] : text.split(',').map((s) => s.trim());
  return text;
}
