// vagrant's pure half: read `vagrant status --machine-readable` and decide up / halt / destroy.
// Machine-readable lines are `timestamp,target,type,data...` (Vagrant ≥ 1.4, website/docs cli/machine-readable):
// commas inside data are written `%!(VAGRANT_COMMA)`, newlines `\n`. The line that matters is
// `1700000000,default,state,running`; states include running, poweroff, saved, aborted, not_created.

import { argv } from '../../engine/quote.js';
import type { CommandChange, Plan } from '../../engine/module-api/module.js';
import { noop } from '../../engine/module-api/plan-helpers.js';

export interface MachineReadableLine {
  timestamp: string;
  target: string;
  type: string;
  data: string[];
}

const unescape = (s: string) => s.replace(/%!\(VAGRANT_COMMA\)/g, ',').replace(/\\n/g, '\n').replace(/\\r/g, '\r');

export function parseMachineReadable(text: string): MachineReadableLine[] {
  const out: MachineReadableLine[] = [];
  for (const line of text.split('\n')) {
    const parts = line.replace(/\r$/, '').split(',');
    if (parts.length < 3 || !/^\d+$/.test(parts[0]!)) continue;
    out.push({ timestamp: parts[0]!, target: parts[1]!, type: parts[2]!, data: parts.slice(3).map(unescape) });
  }
  return out;
}

/** The machine's state (`running`, `not_created`…), or undefined when status did not mention it. */
export function machineState(lines: readonly MachineReadableLine[], machine: string): string | undefined {
  return lines.find((l) => l.target === machine && l.type === 'state')?.data[0];
}

export interface VagrantParams {
  project_dir: string;
  machine: string;
  state: 'running' | 'poweroff' | 'absent';
  vagrant: string;
}

export function planVagrant(current: string | undefined, p: VagrantParams): Plan {
  if (current === undefined) throw new Error(`vagrant status does not list a machine named ${p.machine} (is it defined in ${p.project_dir}/Vagrantfile?)`);
  const v = (...args: string[]) => ({ run: argv([p.vagrant, ...args]), cwd: p.project_dir });
  const data = { machine: p.machine, state_before: current };
  const header = `vagrant machine ${p.machine}`;
  const diff = (after: string) => ({ header, before: `state: ${current}\n`, after: `state: ${after}\n` });
  switch (p.state) {
    case 'running':
      if (current === 'running') return noop(`machine ${p.machine} is already running`, data);
      return { changes: [{ summary: `vagrant up ${p.machine} (was ${current})`, ...v('up', p.machine), diff: diff('running') }], data };
    case 'poweroff':
      if (current === 'not_created') throw new Error(`machine ${p.machine} is not created; state poweroff needs it to exist (use running first)`);
      if (current === 'poweroff') return noop(`machine ${p.machine} is already powered off`, data);
      return { changes: [{ summary: `vagrant halt ${p.machine} (was ${current})`, ...v('halt', p.machine), diff: diff('poweroff') }], data };
    case 'absent':
      if (current === 'not_created') return noop(`machine ${p.machine} is not created`, data);
      return { changes: [{ summary: `vagrant destroy -f ${p.machine} (was ${current})`, ...v('destroy', '-f', p.machine), diff: diff('not_created') }], data };
  }
}
