// The one way runbook builds shell commands: every interpolated value goes through `quote`, so no value a
// user or a host supplies can ever be read by the shell as syntax. Commands are POSIX sh.

/** POSIX single-quote a value: 'it'\''s' — safe for any byte string, including newlines and `$(...)`. */
export function quote(value: string | number): string {
  const s = String(value);
  if (s === '') return "''";
  if (/^[A-Za-z0-9_\-+=.,/:@%]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Quote every argument and join with spaces: `sh(['mkdir', '-p', path])`. */
export function argv(args: readonly (string | number)[]): string {
  return args.map(quote).join(' ');
}

/**
 * Tagged template: literal parts are trusted (written by runbook's authors), every `${}` is quoted; an array
 * interpolates as several quoted words. `cmd\`stat -c %a ${path}\``.
 */
export function cmd(strings: TemplateStringsArray, ...values: (string | number | readonly (string | number)[])[]): string {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += Array.isArray(v) ? argv(v) : quote(v as string | number);
    out += strings[i + 1] ?? '';
  });
  return out;
}

/** Wrap a script so it runs under `sh -c`, e.g. to hand it to sudo or env. */
export function shC(script: string): string {
  return `sh -c ${quote(script)}`;
}

/**
 * `env 'K=v' ... sh -c 'command'` — sshd drops environment variables unless AcceptEnv allows them. The
 * command runs under its own `sh -c`, so a script of several statements gets the variables in all of them.
 */
export function withEnv(env: Record<string, string> | undefined, command: string): string {
  const entries = Object.entries(env ?? {});
  if (entries.length === 0) return command;
  for (const [k] of entries) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid environment variable name: ${JSON.stringify(k)}`);
  }
  return `env ${entries.map(([k, v]) => quote(`${k}=${v}`)).join(' ')} ${shC(command)}`;
}
