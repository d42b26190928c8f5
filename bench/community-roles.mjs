#!/usr/bin/env node
// Community roles, measured the way a new user would try them (issue 15): every role in a directory of roles
// (e.g. robertdebock/ansible-role-* checkouts, kept OUTSIDE this repository) is wrapped, unchanged, in a
// one-play playbook (with the role parameters of its own molecule/default/converge.yml, as its author tests
// it) and put through `runbook validate`, `runbook apply --list-tasks`, and with --lab (the roles that
// validate), on a fresh Debian lab host of its own with systemd: `apply --check`, `apply`, and `apply`
// again (must change nothing).
// Not a test: it reports (a table, and JSON with --out) what passes and the first thing that stops each role.
//
//   node bench/community-roles.mjs ~/community-roles            # validate + list tasks (no host touched)
//   node bench/community-roles.mjs ~/community-roles --lab      # + check, apply, rerun on lab hosts (root, Linux)
//   node bench/community-roles.mjs DIR --lab --out results.json --only cron,users
//
// A role directory is a role (tasks/, defaults/...); its name is the directory's, minus an `ansible-role-` prefix.

import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { run } from './lib/proc.mjs';
import { RUNBOOK, recapEvent, finalFailure } from './lib/runbook.mjs';

const USAGE = 'usage: node bench/community-roles.mjs ROLES_DIR [--lab] [--only a,b] [--out FILE.json]';
const args = process.argv.slice(2);
const rolesDir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--out' && args[args.indexOf(a) - 1] !== '--only');
if (!rolesDir || args.includes('--help')) {
  console.log(USAGE);
  process.exit(rolesDir ? 0 : 2);
}
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const withLab = args.includes('--lab');
const only = opt('--only')?.split(',');
const out = opt('--out');
const TIMEOUT = 600_000;

const roles = readdirSync(resolve(rolesDir), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(rolesDir, d.name, 'tasks')))
  .map((d) => ({ name: d.name.replace(/^ansible-role-/, ''), dir: resolve(rolesDir, d.name) }))
  .filter((r) => !only || only.includes(r.name))
  .sort((a, b) => a.name.localeCompare(b.name));
if (roles.length === 0) {
  console.error(`no roles (directories with tasks/) in ${rolesDir}`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'rb-community-'));
// Run from the project's directory, as a user does: a role's controller-side paths (users' ssh_keys/) are relative to it.
const runbook = (argv, cwd) => run(process.execPath, [RUNBOOK, ...argv], { cwd, timeoutMs: TIMEOUT, env: { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'False', FORCE_COLOR: '0' } });

/**
 * The role's parameters as its author tests it: those of the role entry in molecule/default/converge.yml, if
 * the role has one (some roles require a value their defaults leave empty, and assert it), else none.
 */
function authorParams(role) {
  const file = join(role.dir, 'molecule', 'default', 'converge.yml');
  if (!existsSync(file)) return {};
  const plays = parse(readFileSync(file, 'utf8'));
  const entry = (Array.isArray(plays) ? plays : []).flatMap((p) => p?.roles ?? []).find((r) => r && typeof r === 'object');
  if (!entry) return {};
  const { role: _name, name: _n, ...params } = entry;
  return params;
}

/** The playbook a user writes to try a role: its name (with its author's test parameters), on all hosts. */
function project(role, host) {
  const dir = join(work, role.name);
  if (!existsSync(join(dir, 'roles', role.name))) {
    mkdirSync(join(dir, 'roles'), { recursive: true });
    symlinkSync(role.dir, join(dir, 'roles', role.name));
  }
  writeFileSync(join(dir, 'site.yml'), stringify([{ hosts: 'all', roles: [{ role: role.name, ...authorParams(role) }] }]));
  const line = host ? `${host.name} ansible_host=${host.ip} ansible_user=root ansible_ssh_private_key_file=${host.key}` : 'target ansible_host=127.0.0.1';
  writeFileSync(join(dir, 'hosts.ini'), `[all]\n${line}\n`);
  return { playbook: join(dir, 'site.yml'), inventory: join(dir, 'hosts.ini') };
}

/** The first problem runbook printed (validate's located lines, or the last error line). */
function firstProblem(text) {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const located = lines.find((l) => /:\d+:\d+: (?!note:|warning:)/.test(l));
  return (located ?? lines.find((l) => /error|invalid|problem/i.test(l)) ?? lines.at(-1) ?? '').trim().slice(0, 300);
}

async function applyPhase(p, extra) {
  const r = await runbook(['apply', p.playbook, '-i', p.inventory, '--json', ...extra], dirname(p.playbook));
  const recap = recapEvent(r.stdout)?.stats ?? {};
  const stats = Object.values(recap)[0] ?? {};
  const ok = (r.code === 0 || (extra.includes('--check') && r.code === 3)) && !stats.failed && !stats.unreachable;
  return { ok, code: r.code, changed: stats.changed ?? null, why: ok ? undefined : finalFailure(r.stdout) ?? firstProblem(r.stdout + r.stderr) };
}

async function measureStatic(role) {
  const p = project(role);
  const result = { role: role.name };
  const v = await runbook(['validate', p.playbook, '-i', p.inventory], dirname(p.playbook));
  result.validate = { ok: v.code === 0, notes: (v.stdout.match(/: note: /g) ?? []).length, why: v.code === 0 ? undefined : firstProblem(v.stdout + v.stderr) };
  const l = await runbook(['apply', p.playbook, '-i', p.inventory, '--list-tasks'], dirname(p.playbook));
  result.listTasks = { ok: l.code === 0, tasks: (l.stdout.match(/^ {6}\S/gm) ?? []).length, why: l.code === 0 ? undefined : firstProblem(l.stdout + l.stderr) };
  return result;
}

/** On the role's own fresh host: check, apply, and apply again (which must change nothing). */
async function measureOnHost(role, host, result) {
  const p = project(role, host);
  result.check = await applyPhase(p, ['--check']);
  result.apply = await applyPhase(p, []);
  if (result.apply.ok) {
    result.rerun = await applyPhase(p, []);
    result.rerun.ok &&= result.rerun.changed === 0;
  }
}

const mark = (x) => (x === undefined ? '-' : x.ok ? 'ok' : 'FAIL');
const line = (r) =>
  `${r.role.padEnd(14)} validate ${mark(r.validate).padEnd(4)} list ${mark(r.listTasks).padEnd(4)} check ${mark(r.check).padEnd(4)} apply ${mark(r.apply).padEnd(4)} rerun ${mark(r.rerun).padEnd(4)} ${[r.validate, r.listTasks, r.check, r.apply, r.rerun].find((x) => x && !x.ok)?.why ?? ''}`;
const results = [];
let lab;
try {
  for (const role of roles) {
    results.push(await measureStatic(role));
    console.log(line(results.at(-1)));
  }
  // Only the roles that validate go on: one fresh systemd host each (roles start services).
  const valid = results.filter((r) => r.validate.ok);
  if (withLab && valid.length > 0) {
    const { openBenchLab } = await import('./lib/lab.mjs');
    // cron runs on a fresh Debian host; the lab masks the machine's own services unless told.
    lab = await openBenchLab(valid.length, { log: console.log, systemd: valid.length, unmask: ['cron.service'] });
    for (const [i, r] of valid.entries()) {
      const h = lab.hosts[i];
      await measureOnHost(roles.find((x) => x.name === r.role), { name: h.name, ip: h.ip, key: lab.state.keyFile }, r);
    }
  }
  if (withLab) {
    console.log('\nwith the lab:');
    for (const r of results) console.log(line(r));
  }
} finally {
  await lab?.down();
  rmSync(work, { recursive: true, force: true });
  // Whatever was measured is kept and counted, even when the lab could not be had.
  const count = (k) => results.filter((r) => r[k]?.ok).length;
  console.log(`\n${results.length} roles: validate ${count('validate')}, list tasks ${count('listTasks')}${withLab ? `, check ${count('check')}, apply ${count('apply')}, rerun changed=0 ${count('rerun')}` : ''}`);
  if (out) writeFileSync(out, `${JSON.stringify({ when: new Date().toISOString(), lab: withLab, results }, null, 2)}\n`);
}
