// Python's printf-style `'%s-%02d' % (a, b)` and Jinja's `format` filter: the conversions Ansible content uses.

import { ExpressionError, repr, str } from './values.js';

export function percentFormat(fmt: string, args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  let i = 0;
  const out = fmt.replace(/%(\((\w+)\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifrxXoe%])/g, (_m, _k, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const v = key !== undefined ? (list[0] as Record<string, unknown>)[key] : list[i++];
    if (key === undefined && i > list.length) throw new ExpressionError('not enough arguments for format string');
    let s: string;
    switch (conv) {
      case 's': s = str(v); break;
      case 'r': s = repr(v); break;
      case 'd': case 'i': s = String(Math.trunc(Number(v))); break;
      case 'f': s = Number(v).toFixed(prec === undefined ? 6 : Number(prec)); break;
      case 'e': s = Number(v).toExponential(prec === undefined ? 6 : Number(prec)).replace(/e([+-])(\d)$/, 'e$10$2'); break;
      case 'x': s = Math.trunc(Number(v)).toString(16); break;
      case 'X': s = Math.trunc(Number(v)).toString(16).toUpperCase(); break;
      default: s = Math.trunc(Number(v)).toString(8);
    }
    if (conv === 's' && prec !== undefined) s = s.slice(0, Number(prec));
    if (flags.includes('+') && /^[dif]$/.test(conv) && Number(v) >= 0) s = `+${s}`;
    const w = width === undefined ? 0 : Number(width);
    if (s.length >= w) return s;
    if (flags.includes('-')) return s.padEnd(w);
    if (flags.includes('0') && conv !== 's') return s.startsWith('-') ? `-${s.slice(1).padStart(w - 1, '0')}` : s.padStart(w, '0');
    return s.padStart(w);
  });
  if (!Array.isArray(args) || i >= list.length || /%\(/.test(fmt)) return out;
  throw new ExpressionError('not all arguments converted during string formatting');
}
