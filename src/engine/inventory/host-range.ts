// The host word of an INI inventory line, as Ansible reads it (plugins/inventory/__init__.py and
// utils/display's parse_address): an optional `:port` after the name (`web1:2222`, `[::1]:2222`), and ranges
// expanded (`web[01:10]` zero-padded, `db-[a:c]` letters, `[1:10:2]` with a step, several ranges in a name).

export class HostRangeError extends Error {}

const RANGE_BODY = /^[0-9a-zA-Z]*:[0-9a-zA-Z]+(?::\d+)?$/;

/** Split `name:port`; a name with ranges keeps its brackets. An IPv6 address without brackets has no port. */
export function splitPort(word: string): { pattern: string; port?: number } {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(word);
  if (bracketed && !RANGE_BODY.test(bracketed[1]!)) return { pattern: bracketed[1]!, port: Number(bracketed[2]) };
  const hostport = /^((?:[^:[\]]|\[[^\]]*\])+):(\d+)$/.exec(word);
  if (hostport) return { pattern: hostport[1]!, port: Number(hostport[2]) };
  return { pattern: word };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Every host name a pattern stands for; throws HostRangeError with Ansible's reasons. */
export function expandHostRange(pattern: string): string[] {
  const open = pattern.indexOf('[');
  if (open < 0) return [pattern];
  const close = pattern.indexOf(']', open);
  if (close < 0) throw new HostRangeError(`unclosed [ in host range "${pattern}"`);
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = pattern.slice(open + 1, close).split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new HostRangeError('host range must be begin:end or begin:end:step');
  const beg = bounds[0] || '0';
  const end = bounds[1]!;
  const step = bounds.length === 3 ? Number(bounds[2]) : 1;
  if (!end) throw new HostRangeError('host range must specify end value');
  if (!Number.isInteger(step) || step < 1) throw new HostRangeError(`host range step must be a whole number of at least 1, not "${bounds[2]}"`);

  let seq: string[];
  const [b, e] = [LETTERS.indexOf(beg), LETTERS.indexOf(end)];
  if (beg.length === 1 && end.length === 1 && b >= 0 && e >= 0) {
    if (b > e) throw new HostRangeError('host range must have begin <= end');
    seq = [];
    for (let i = b; i <= e; i += step) seq.push(LETTERS[i]!);
  } else {
    if (!/^\d+$/.test(beg) || !/^\d+$/.test(end)) throw new HostRangeError(`host range [${bounds.join(':')}] must be numbers or single letters`);
    const padded = beg[0] === '0' && beg.length > 1;
    if (padded && beg.length !== end.length) throw new HostRangeError('host range must specify equal-length begin and end formats');
    seq = [];
    for (let i = Number(beg); i <= Number(end); i += step) seq.push(padded ? String(i).padStart(beg.length, '0') : String(i));
  }
  return seq.flatMap((s) => expandHostRange(`${head}${s}${tail}`));
}
