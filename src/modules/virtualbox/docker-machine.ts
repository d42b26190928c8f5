// docker_machine: a Docker Machine exists (created with `docker-machine create`, which installs and
// configures Docker on the host over SSH) or not. A broken machine, or one created with other settings,
// is removed and created again.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import { LS_FORMAT, parseInspect, parseLs, planMachine, type MachineConfig, type MachineRow } from './docker-machine-state.js';
import { defineModule, type Fact } from '../../engine/module-api/module.js';

const ls = (dm: string): Fact<MachineRow[]> => ({
  key: `docker-machine-ls:${dm}`,
  command: argv([dm, 'ls', '--format', LS_FORMAT]),
  parse(stdout, code, stderr) {
    if (code !== 0) {
      throw new ModuleFailure(`${dm} ls failed (exit ${code}): ${stderr.trim()}`, {}, {
        hint: code === 127 ? 'is docker-machine installed? set docker_machine to the path of the command' : undefined,
      });
    }
    return parseLs(stdout);
  },
});

// inspect fails for a machine that does not exist or whose config cannot be read: both read as null.
const inspect = (dm: string, name: string): Fact<MachineConfig | null> => ({
  key: `docker-machine-inspect:${dm}:${name}`,
  command: `${argv([dm, 'inspect', name])} 2>/dev/null || true`,
  parse: (stdout) => parseInspect(stdout),
});

export const dockerMachine = defineModule({
  name: 'docker_machine',
  summary: 'A Docker Machine exists (docker-machine create --driver generic over SSH) or is removed; a broken one is recreated.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Machine name.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'present: created and healthy; absent: removed (docker-machine rm -f -y).' },
      driver: { enum: ['generic'], default: 'generic', description: 'Machine driver; generic provisions an existing host reached over SSH.' },
      ip: { type: 'string', default: '', description: 'Address of the host (--generic-ip-address); required when state is present.' },
      ssh_user: { type: 'string', default: 'root', description: 'SSH user on the host (--generic-ssh-user); it needs sudo.' },
      ssh_key: { type: 'string', default: '', description: 'Private key file on the controller (--generic-ssh-key); required when state is present.' },
      ssh_port: { type: 'integer', minimum: 1, maximum: 65535, default: 22, description: 'SSH port of the host (--generic-ssh-port).' },
      engine_registry_mirrors: {
        type: 'array',
        items: { type: 'string' },
        default: [],
        description: 'Registry mirrors for the Docker engine (--engine-registry-mirror, repeated). Empty in the lab: nothing is pulled.',
      },
      docker_machine: { type: 'string', default: 'docker-machine', description: 'The docker-machine command (name on PATH or full path).' },
    },
  },
  async plan(ctx, p) {
    if (p.state === 'present' && (!p.ip || !p.ssh_key)) throw new ModuleFailure('ip and ssh_key are required when state is present');
    const [rows, have] = await ctx.facts(ls(p.docker_machine), inspect(p.docker_machine, p.name));
    return (planMachine(rows.find((r) => r.name === p.name), have, p));
  },
});
