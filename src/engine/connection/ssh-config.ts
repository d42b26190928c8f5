// `~/.ssh/config` host aliases, parsed by the `ssh-config` package: the inventory's `host` may be an alias
// whose HostName, User, Port, IdentityFile and ProxyJump come from there. Inventory settings win over the
// file (as `ansible_user` wins over ssh's User), the file wins over defaults. `Include` is not followed.

import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import SSHConfig from 'ssh-config';

export interface SshEndpoint {
  /** The name the user wrote (inventory `host` or a ProxyJump element). */
  alias: string;
  /** Address to connect to (HostName, else the alias). */
  hostname: string;
  port: number;
  user: string;
  /** Key files to try, in order, `~` and %-tokens expanded. */
  identityFiles: string[];
  /** Name under which the host key is looked up: HostKeyAlias, else the hostname. */
  hostKeyAlias: string;
  /** The hop just before this host (ProxyJump `a,b` → via b, which goes via a). */
  via?: SshEndpoint;
}

export interface EndpointOverrides {
  port?: number;
  user?: string;
  /** Tried before any IdentityFile from the config. */
  privateKey?: string;
}

export function defaultSshConfigPath(): string {
  return `${homedir()}/.ssh/config`;
}

export function loadSshConfig(file: string = defaultSshConfigPath()): SSHConfig | undefined {
  try {
    return SSHConfig.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ssh config ${file}: ${(e as Error).message}`);
  }
}

export function expandHome(path: string): string {
  if (path === '~') return homedir();
  return path.startsWith('~/') ? `${homedir()}/${path.slice(2)}` : path;
}

/** Parse `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } {
  const s = spec.trim().replace(/^ssh:\/\//, '');
  const at = s.lastIndexOf('@');
  const user = at >= 0 ? s.slice(0, at) : undefined;
  let rest = at >= 0 ? s.slice(at + 1) : s;
  let port: number | undefined;
  const bracket = /^\[(.*)\](?::(\d+))?$/.exec(rest);
  if (bracket) {
    rest = bracket[1]!;
    port = bracket[2] ? Number(bracket[2]) : undefined;
  } else {
    const m = /^([^:]+):(\d+)$/.exec(rest);
    if (m) [rest, port] = [m[1]!, Number(m[2])];
  }
  return { user, host: rest, port };
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Resolve what to connect to for `alias`. `depth` bounds ProxyJump recursion (a jump host's own ProxyJump
 * is honoured, as ssh does, but a loop in the config must not hang us).
 */
export function resolveEndpoint(
  alias: string,
  config: SSHConfig | undefined,
  overrides: EndpointOverrides = {},
  depth = 0,
): SshEndpoint {
  if (depth > 8) throw new Error(`ProxyJump chain for ${alias} is deeper than 8 hops (a loop in ~/.ssh/config?)`);
  // matchExec: false — computing a config must never run `Match exec` commands behind the user's back.
  const c = config ? config.compute(alias, { ignoreCase: true, matchExec: false }) : {};
  const localUser = userInfo().username;
  const hostnameRaw = first(c.hostname) ?? alias;
  const hostname = hostnameRaw.replace(/%h/g, alias).replace(/%%/g, '%');
  const port = overrides.port ?? (first(c.port) ? Number(first(c.port)) : 22);
  const user = overrides.user ?? first(c.user) ?? localUser;
  const tokens = (p: string) =>
    expandHome(p)
      .replace(/%d/g, homedir())
      .replace(/%u/g, localUser)
      .replace(/%r/g, user)
      .replace(/%h/g, hostname)
      .replace(/%p/g, String(port))
      .replace(/%%/g, '%');
  const identityFiles = [
    ...(overrides.privateKey ? [expandHome(overrides.privateKey)] : []),
    ...all(c.identityfile).map(tokens),
  ];
  const proxy = first(c.proxyjump);
  let via: SshEndpoint | undefined;
  if (proxy && proxy.toLowerCase() !== 'none') {
    // `a,b`: b is reached through a; a hop's own ProxyJump counts only when it is the first of the list.
    for (const spec of proxy.split(',')) {
      const j = parseJumpSpec(spec);
      const hop = resolveEndpoint(j.host, config, { user: j.user, port: j.port }, depth + 1);
      via = via ? { ...hop, via } : hop;
    }
  }
  const hostKeyAlias = first(c.hostkeyalias) ?? hostname;
  return { alias, hostname, port, user, identityFiles: [...new Set(identityFiles)], hostKeyAlias, via };
}
