// Small builders that many planners share.

import type { Plan, ResultData } from './module.js';

/** A plan with nothing to do, and why. */
export const noop = (reason: string, data?: ResultData): Plan => ({ changes: [], reason, ...(data ? { data } : {}) });

/** `key: value` lines, sorted by key, for before/after diffs of settings. */
export function settingsText(settings: Record<string, unknown>): string {
  return Object.keys(settings)
    .sort()
    .map((k) => `${k}: ${typeof settings[k] === 'string' ? settings[k] : JSON.stringify(settings[k])}\n`)
    .join('');
}
