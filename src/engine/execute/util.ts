// Small helpers of the executor: abortable sleep, and keyword values that may be templated booleans.

import type { Loc } from '../errors.js';
import { InterruptedError, TemplateError } from '../errors.js';
import type { Vars } from '../compile/types.js';
import { renderString } from '../expressions/template.js';

/** Milliseconds since `started` (a `performance.now()`), whole: what events report as `durationMs`. */
export function elapsedMs(started: number): number {
  return Math.round(performance.now() - started);
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new InterruptedError('interrupted'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new InterruptedError('interrupted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0', '']);

/** A keyword that is a boolean or a template yielding one (`ignore_errors: "{{ lenient }}"`). */
export function toBool(value: boolean | string | undefined, vars: Vars, loc: Loc): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  const v = renderString(value, vars, loc);
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new TemplateError(`expected a boolean, got ${JSON.stringify(v)}`, loc, 'use true or false');
}

/** Python's fnmatch (as `--start-at-task` matches): `*`, `?`, `[seq]`, `[!seq]`; the whole text must match. */
export function fnmatch(text: string, pattern: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[' && pattern.indexOf(']', i + 2) > i) {
      const end = pattern.indexOf(']', i + 2);
      let set = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
      if (set.startsWith('!')) set = `^${set.slice(1)}`;
      re += `[${set}]`;
      i = end;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(text);
}
