// vagrant: the Vagrant machine of a project directory is running, powered off or destroyed, decided from
// `vagrant status --machine-readable`. The Vagrantfile itself is written by file_template in the role.

import { ModuleFailure } from '../../engine/errors.js';
import { argv, quote } from '../../engine/quote.js';
import { machineState, parseMachineReadable, planVagrant } from './vagrant-state.js';
import { defineModule, type Fact } from '../../engine/module-api/module.js';

const status = (vagrant: string, dir: string, machine: string): Fact<string | undefined> => ({
  key: `vagrant-status:${vagrant}:${dir}:${machine}`,
  // status needs the Vagrantfile's directory as its working directory; a missing directory is told apart.
  command: `cd ${quote(dir)} 2>/dev/null || { echo ${quote(`no such directory: ${dir}`)} >&2; exit 66; }\n${argv([vagrant, 'status', '--machine-readable', machine])}`,
  parse(stdout, code, stderr) {
    const lines = parseMachineReadable(stdout);
    const error = lines.find((l) => l.type === 'error-exit');
    if (code !== 0 || error) {
      const why = error?.data.slice(1).join(' ') || stderr.trim() || stdout.trim();
      throw new ModuleFailure(`vagrant status in ${dir} failed (exit ${code}): ${why}`, {}, {
        hint: code === 127 ? 'is Vagrant installed? set vagrant to the path of the command' : 'is there a Vagrantfile in project_dir?',
      });
    }
    return machineState(lines, machine);
  },
});

export const vagrant = defineModule({
  name: 'vagrant',
  summary: "A Vagrant machine is running, powered off or destroyed (vagrant up / halt / destroy -f), judged by vagrant status.",
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['project_dir'],
    properties: {
      project_dir: { type: 'string', description: 'Directory holding the Vagrantfile (vagrant runs there).' },
      machine: { type: 'string', default: 'default', description: 'Machine name in the Vagrantfile (a single-machine Vagrantfile names it default).' },
      state: {
        enum: ['running', 'poweroff', 'absent'],
        default: 'running',
        description: 'running: vagrant up when not running; poweroff: vagrant halt when running; absent: vagrant destroy -f when created.',
      },
      vagrant: { type: 'string', default: 'vagrant', description: 'The vagrant command (name on PATH or full path).' },
    },
  },
  async plan(ctx, p) {
    const [current] = await ctx.facts(status(p.vagrant, p.project_dir, p.machine));
    try {
      return (planVagrant(current, p));
    } catch (e) {
      throw new ModuleFailure((e as Error).message);
    }
  },
});
