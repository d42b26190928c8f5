// Ansible's `version` test (LooseVersion by default): versions split into numbers and words, compared part
// by part, numbers numerically; operators as Ansible spells them.

import { ExpressionError } from '../jinja/values.js';

const OPS: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0, lt: (c) => c < 0,
  '<=': (c) => c <= 0, le: (c) => c <= 0,
  '>': (c) => c > 0, gt: (c) => c > 0,
  '>=': (c) => c >= 0, ge: (c) => c >= 0,
  '==': (c) => c === 0, '=': (c) => c === 0, eq: (c) => c === 0,
  '!=': (c) => c !== 0, '<>': (c) => c !== 0, ne: (c) => c !== 0,
};

function parts(v: string): (number | string)[] {
  return (v.match(/\d+|[a-z]+|\.|[^\d.a-z]+/gi) ?? []).filter((p) => p !== '.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function looseCompare(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (i >= x.length) return -1;
    if (i >= y.length) return 1;
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    // Python 3 cannot order int and str: Ansible reports it; we order numbers first, as LooseVersion did.
    if (typeof p !== typeof q) return typeof p === 'number' ? 1 : -1;
    return p < q ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: string, b: string, op: string): boolean {
  const f = OPS[op];
  if (!f) throw new ExpressionError(`version: invalid operator ${JSON.stringify(op)}`);
  return f(looseCompare(a, b));
}
