// An executable inventory (Ansible's script plugin): `<script> --list` prints JSON groups
// (`{"web": {"hosts": [...], "vars": {...}, "children": [...]}}` or `{"web": ["h1", "h2"]}`) and
// `_meta.hostvars`; without `_meta`, `<script> --host <name>` is asked for each host. Each run is bounded in
// time and output size.

import { execFile } from 'node:child_process';
import type { Loc, Problem } from '../errors.js';
import { cycles, nameClashes, type GroupDef, type HostDef, type Mapping, type ParsedInventory } from './parse.js';

const TIMEOUT_MS = 60_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${[file, ...args].join(' ')} failed: ${(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
  });
}

const isMapping = (v: unknown): v is Mapping => v !== null && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export async function parseScriptInventory(file: string): Promise<ParsedInventory> {
  const loc: Loc = { file, line: 1, col: 1 };
  const fail = (message: string, hint: string): ParsedInventory => ({ groups: new Map(), hosts: new Map(), problems: [{ loc, message, hint }] });
  let data: unknown;
  try {
    data = JSON.parse(await run(file, ['--list']));
  } catch (e) {
    return fail(`executable inventory: ${(e as Error).message}`, 'an executable inventory must print JSON groups for --list (as for Ansible)');
  }
  if (!isMapping(data)) return fail('executable inventory: --list printed JSON that is not an object', 'print {"group": {"hosts": [...]}, "_meta": {"hostvars": {...}}}');

  const groups = new Map<string, GroupDef>();
  const hosts = new Map<string, HostDef>();
  const group = (name: string): GroupDef => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { name, hosts: [], children: [], vars: [], settings: { values: {}, locs: {} }, defined: true, refs: [], loc }));
    return g;
  };
  const host = (name: string): HostDef => {
    let h = hosts.get(name);
    if (!h) hosts.set(name, (h = { name, vars: [], settings: { values: {}, locs: {} }, loc }));
    return h;
  };
  group('all');
  for (const [name, body] of Object.entries(data)) {
    if (name === '_meta') continue;
    const g = group(name);
    const members = Array.isArray(body) ? strings(body) : isMapping(body) ? strings(body.hosts) : [];
    for (const h of members) {
      host(h);
      if (!g.hosts.includes(h)) g.hosts.push(h);
    }
    if (isMapping(body) && isMapping(body.vars)) g.vars.push(body.vars);
    for (const child of isMapping(body) ? strings(body.children) : []) {
      if (!g.children.includes(child)) g.children.push(child);
      group(child).refs.push({ parent: name, loc });
    }
  }
  for (const g of groups.values()) {
    if (g.name !== 'all' && g.refs.length === 0) {
      group('all').children.push(g.name);
      g.refs.push({ parent: 'all', loc });
    }
  }

  const problems: Problem[] = [];
  const meta = isMapping(data._meta) && isMapping(data._meta.hostvars) ? data._meta.hostvars : undefined;
  for (const h of hosts.values()) {
    let vars: unknown = meta?.[h.name];
    if (!meta) {
      try {
        vars = JSON.parse(await run(file, ['--host', h.name]));
      } catch (e) {
        problems.push({ loc, message: `executable inventory: ${(e as Error).message}`, hint: 'without _meta.hostvars in --list, --host <name> must print the JSON vars of the host' });
      }
    }
    if (isMapping(vars)) h.vars.push(vars);
  }
  problems.push(...cycles(groups), ...nameClashes(groups, hosts));
  return { groups, hosts, problems };
}
