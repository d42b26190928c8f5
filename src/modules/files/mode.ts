// File modes as Ansible reads them: an integer is the mode itself (YAML 1.1 reads 0644 as 420 = 0o644),
// a string of octal digits (`'0644'`, `'644'`, `'0o644'`) is octal, anything else is symbolic
// (`u=rwX,g-w,+x`), applied to the current mode exactly as ansible-core's `_symbolic_mode_to_octal`
// (including `X`, copying `u=g`, and the umask for clauses without a who).

export type ModeParam = string | number;

const PERM_BITS = 0o7777;
const EXEC_BITS = 0o111;
const S_IRWXU = 0o700;
const S_IRWXG = 0o070;
const S_IRWXO = 0o007;

export class ModeError extends Error {}

/** `0644` style, as Ansible prints modes. */
export function formatMode(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

/** Whether the mode needs the file's current mode to be resolved. */
export function isSymbolic(mode: ModeParam): boolean {
  return typeof mode === 'string' && !/^(0o)?[0-7]{1,5}$/.test(mode);
}

/**
 * The mode to set, given the current mode (for symbolic modes; a new file counts as mode 0), whether the
 * path is a directory (for `X`) and the host's umask (for clauses without a who).
 */
export function resolveMode(mode: ModeParam, current = 0, isDir = false, umask = 0o022): number {
  if (typeof mode === 'number') {
    if (!Number.isInteger(mode) || mode < 0 || mode > PERM_BITS) throw new ModeError(`mode ${mode} is out of range (0 to 07777)`);
    return mode;
  }
  if (!isSymbolic(mode)) {
    const n = parseInt(mode.replace(/^0o/, ''), 8);
    if (n > PERM_BITS) throw new ModeError(`mode ${mode} is out of range (0 to 07777)`);
    return n;
  }
  let result = current & PERM_BITS;
  for (const clause of mode.split(',')) {
    const ops = clause.match(/[-+=]/g) ?? [];
    const parts = clause.split(/[-+=]/);
    let users = parts.shift()!;
    if (ops.length === 0 || /[^ugoa]/.test(users) || (users.includes('a') && users !== 'a')) throw badMode(mode);
    const useUmask = users === '';
    if (users === 'a' || users === '') users = 'ugo';
    parts.forEach((perms, i) => {
      if (/[^rwxXstugo]/.test(perms)) throw badMode(mode);
      for (const who of users as string) {
        // Like Ansible, each who's bits are computed from the mode as it was before this clause began.
        const bits = permBits(current & PERM_BITS, isDir, who as Who, perms, useUmask ? umask : 0);
        result = applyOp(who as Who, ops[i]!, bits, result);
      }
    });
  }
  return result;
}

type Who = 'u' | 'g' | 'o';

function badMode(mode: string): ModeError {
  return new ModeError(`mode ${JSON.stringify(mode)} is neither octal nor a valid symbolic mode (like u=rw,g=r,o=)`);
}

function applyOp(who: Who, op: string, bits: number, mode: number): number {
  if (op === '+') return mode | bits;
  if (op === '-') return mode & ~bits;
  const mask = who === 'u' ? S_IRWXU | 0o4000 : who === 'g' ? S_IRWXG | 0o2000 : S_IRWXO | 0o1000;
  return (mode & (mask ^ PERM_BITS)) | bits;
}

function permBits(prev: number, isDir: boolean, who: Who, perms: string, umask: number): number {
  const keep = umask ^ PERM_BITS;
  const shift = who === 'u' ? 6 : who === 'g' ? 3 : 0;
  const x = isDir || (prev & EXEC_BITS) > 0;
  // A copy (`g=u`) takes the rwx triple of another who and moves it into this who's place.
  const copy = (from: number) => (((prev >> from) & 0o7) << shift);
  let bits = 0;
  for (const p of perms) {
    if (p === 'r') bits |= (0o4 << shift) & keep;
    else if (p === 'w') bits |= (0o2 << shift) & keep;
    else if (p === 'x') bits |= (0o1 << shift) & keep;
    else if (p === 'X') bits |= x ? 0o1 << shift : 0;
    else if (p === 's') bits |= who === 'u' ? 0o4000 : who === 'g' ? 0o2000 : 0;
    else if (p === 't') bits |= who === 'o' ? 0o1000 : 0;
    else if (p === 'u') bits |= copy(6);
    else if (p === 'g') bits |= copy(3);
    else if (p === 'o') bits |= copy(0);
  }
  return bits;
}
