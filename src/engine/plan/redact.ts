// The one door every value of a saved plan passes through on its way into the plan file or the markdown
// summary: it hides what a `no_log` task planned (its summaries and diffs) and masks every value decrypted
// from a vault as `(secret)`, so a secret can reach neither output by any other path.

import { CENSORED } from '../execute/outcome.js';
import { maskDeep } from '../vault/mask.js';

export interface RedactContext {
  /** The task is `no_log`: none of its values may be shown. */
  noLog: boolean;
}

/** `value` as a plan file or summary may show it: strings, arrays and objects are walked; a no_log task's are censored, vault secrets masked. */
export function redactForPlan<T>(value: T, ctx: RedactContext): T {
  if (ctx.noLog) return censorDeep(value);
  return maskDeep(value);
}

function censorDeep<T>(value: T): T {
  if (typeof value === 'string') return CENSORED as T;
  if (Array.isArray(value)) return value.map(censorDeep) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, censorDeep(v)])) as T;
  return value;
}
