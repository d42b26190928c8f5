// Handlebars, for `.hbs` template files and — deprecated — for playbook strings written in its helper
// syntax (`{{default x "a"}}`, `{{#if x}}…{{/if}}`), which runbook spoke before it spoke Jinja2. Compiled
// templates are cached by source.

import { compileTemplate, TemplateProblem, type CompiledTemplate } from './template-compile.js';
import { HELPERS } from './template-helpers.js';
import { describeMissing, resolvePath } from './template-paths.js';

const cache = new Map<string, CompiledTemplate | TemplateProblem>();

function compiled(source: string): CompiledTemplate {
  let entry = cache.get(source);
  if (entry === undefined) {
    try {
      entry = compileTemplate(source);
    } catch (e) {
      if (!(e instanceof TemplateProblem)) throw e;
      entry = e; // remembered too: a broken template is reported the same way every time, cheaply
    }
    cache.set(source, entry);
  }
  if (entry instanceof TemplateProblem) throw entry;
  return entry;
}

const HELPER_CALL = new RegExp(`\\{\\{~?\\s*(?:[#/^]|else\\s*\\}\\}|(?:${Object.keys(HELPERS).join('|')})\\s+(?!(?:and|or|is|in|if|not|else)\\b)[^\\s|}])`);

/** A string in Handlebars' helper or block syntax, which Jinja2 cannot read. */
export function usesHandlebars(text: string): boolean {
  return HELPER_CALL.test(text);
}

/** Exactly one path or one helper call keeps its native value, unless the caller wants text. */
export function renderHandlebars(text: string, vars: Record<string, unknown>, asText = false): unknown {
  const t = compiled(text);
  if (t.kind === 'path') {
    const r = resolvePath(vars, t.parts);
    if (!r.found) throw new TemplateProblem(describeMissing(vars, t.parts, r.missingAt), 1, 1);
    return asText ? (r.value !== null && typeof r.value === 'object' ? JSON.stringify(r.value) : String(r.value ?? '')) : r.value;
  }
  const value = t.render(vars);
  return asText && typeof value !== 'string' ? (value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value ?? '')) : value;
}

export function checkHandlebars(text: string): string | undefined {
  try {
    compiled(text);
    return undefined;
  } catch (e) {
    const p = e as TemplateProblem;
    return p.line !== undefined ? `${p.message} (line ${p.line}, column ${p.col ?? 1})` : p.message;
  }
}
