// What the pip module reads, in ONE command: whether the virtualenv exists, what is installed
// (`pip list --format=json`) and — for present/latest — what pip itself would install
// (`pip install --dry-run --report -`, pip >= 22.2): the plan is pip's own resolution, not a guess, and a
// satisfied requirement asks no index.

import { randomBytes } from 'node:crypto';
import { argv, cmd } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';

export interface PipState {
  /** The virtualenv asked for does not exist yet. */
  noVenv: boolean;
  installed: Map<string, string>;
  /** name → version pip would install (the dry run's report); undefined when not asked. */
  wouldInstall?: { name: string; version: string }[];
  error?: string;
}

export interface PipRead {
  chdir?: string;
  virtualenv?: string;
  /** The pip command words (`python3 -m pip`, `/venv/bin/pip`, an executable). */
  pip: string[];
  /** Arguments of the dry run (`--upgrade`, extra args, specs or `-r file`); undefined: no dry run. */
  dryRun?: string[];
}

/** PEP 503: compare names as pip does (`Foo_Bar` is `foo-bar`). */
export const normalizeName = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

export function pipStateFact(r: PipRead): Fact<PipState> {
  // pip prints its report through rich: no colours in it, whatever the caller's environment says.
  const lines = ['export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 LC_ALL=C.UTF-8 NO_COLOR=1 TERM=dumb', 'unset FORCE_COLOR'];
  if (r.chdir) lines.push(cmd`cd ${r.chdir} || exit 1`);
  if (r.virtualenv) lines.push(cmd`[ -x ${`${r.virtualenv}/bin/python`} ] || { echo "@@novenv"; exit 0; }`);
  lines.push('echo "@@list"', `${argv([...r.pip, 'list', '--format=json'])} || exit 1`);
  if (r.dryRun) {
    lines.push(
      'echo; echo "@@report"',
      'e=$(mktemp) || exit 1',
      `${argv([...r.pip, 'install', '--dry-run', '--quiet', '--report', '-', ...r.dryRun])} 2>"$e" || { echo "@@error"; cat "$e"; }`,
      'rm -f "$e"',
    );
  }
  return {
    // What an index offers changes over time: a dry run is never answered from the cache.
    key: `pip:${JSON.stringify(r)}${r.dryRun ? `:${randomBytes(8).toString('hex')}` : ''}`,
    command: lines.join('\n'),
    parse(stdout, code, stderr) {
      if (code !== 0) throw new Error(`could not list the installed Python packages: ${stderr.trim() || `exit code ${code}`}`);
      return parsePipState(stdout);
    },
  };
}

export function parsePipState(stdout: string): PipState {
  if (/^@@novenv$/m.test(stdout)) return { noVenv: true, installed: new Map() };
  const list = section(stdout, '@@list', '@@report');
  const installed = new Map<string, string>();
  for (const p of JSON.parse(list.trim() || '[]') as { name: string; version: string }[]) installed.set(normalizeName(p.name), p.version);
  const state: PipState = { noVenv: false, installed };
  if (stdout.includes('@@report\n')) {
    const report = section(stdout, '@@report', '@@error').trim();
    const err = stdout.indexOf('@@error\n');
    if (err !== -1) state.error = stdout.slice(err + 8).trim().split('\n').filter((l) => /error|ERROR/.test(l)).join('\n') || stdout.slice(err + 8).trim();
    else {
      const r = JSON.parse(report || '{"install":[]}') as { install?: { metadata: { name: string; version: string } }[] };
      state.wouldInstall = (r.install ?? []).map((i) => ({ name: i.metadata.name, version: i.metadata.version }));
    }
  }
  return state;
}

function section(text: string, start: string, end: string): string {
  const a = text.indexOf(`${start}\n`);
  if (a === -1) return '';
  const b = text.indexOf(`\n${end}\n`, a);
  return text.slice(a + start.length + 1, b === -1 ? undefined : b);
}
