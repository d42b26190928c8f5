// docker_container's pure half: `docker inspect --type container NAME` (Config.Image/Cmd, Image id,
// State.Running, HostConfig.RestartPolicy/Init, NetworkSettings.Networks{net: {IPAMConfig.IPv4Address}})
// compared with the task. What cannot change in place (image, command, network, address, init, restart
// policy) means remove and run again; a stopped container that is right is just started.

import { argv } from '../../engine/quote.js';
import type { CommandChange, Plan } from '../../engine/module-api/module.js';
import { noop, settingsText } from '../../engine/module-api/plan-helpers.js';

export interface ContainerState {
  image: string;
  imageId: string;
  command: string[];
  running: boolean;
  status: string;
  restart_policy: string;
  init: boolean;
  /** Network name → static address ('' when Docker chose it). */
  networks: Record<string, string>;
}

interface InspectJson {
  Image?: string;
  State?: { Running?: boolean; Status?: string };
  Config?: { Image?: string; Cmd?: string[] | null };
  HostConfig?: { RestartPolicy?: { Name?: string }; Init?: boolean | null };
  NetworkSettings?: { Networks?: Record<string, { IPAMConfig?: { IPv4Address?: string } | null }> | null };
}

export function parseContainerInspect(text: string): ContainerState | null {
  const c = (JSON.parse(text.trim() || '[]') as InspectJson[])[0];
  if (!c) return null;
  return {
    image: c.Config?.Image ?? '',
    imageId: c.Image ?? '',
    command: c.Config?.Cmd ?? [],
    running: c.State?.Running === true,
    status: c.State?.Status ?? '',
    restart_policy: c.HostConfig?.RestartPolicy?.Name || 'no',
    init: c.HostConfig?.Init === true,
    networks: Object.fromEntries(Object.entries(c.NetworkSettings?.Networks ?? {}).map(([n, v]) => [n, v.IPAMConfig?.IPv4Address ?? ''])),
  };
}

export interface ContainerParams {
  name: string;
  image?: string;
  /** Already split into words (a string command is split by the module). */
  command?: string[];
  network?: string;
  ipv4_address?: string;
  restart_policy: string;
  init: boolean;
  state: 'started' | 'stopped' | 'absent';
  pull: 'never' | 'missing';
}

function settingsOf(c: { image: string; command?: string[]; network?: string; ipv4_address?: string; restart_policy: string; init: boolean }) {
  return {
    image: c.image,
    ...(c.command ? { command: c.command } : {}),
    ...(c.network ? { network: c.network } : {}),
    ipv4_address: c.ipv4_address ?? '',
    restart_policy: c.restart_policy,
    init: c.init,
  };
}

/** What differs between the container and the task (only what the task says anything about). */
export function containerDiff(have: ContainerState, p: ContainerParams, imageId: string | null): string[] {
  const out: string[] = [];
  if (p.image !== undefined && have.image !== p.image) out.push('image');
  else if (imageId && have.imageId !== imageId) out.push(`image (${p.image} was replaced)`);
  if (p.command && JSON.stringify(have.command) !== JSON.stringify(p.command)) out.push('command');
  const nets = Object.keys(have.networks);
  if (p.network && (nets.length !== 1 || nets[0] !== p.network)) out.push('network');
  const ip = p.network ? (have.networks[p.network] ?? '') : (Object.values(have.networks)[0] ?? '');
  if ((p.ipv4_address ?? '') !== ip) out.push('ipv4_address');
  if (have.restart_policy !== p.restart_policy) out.push('restart_policy');
  if (have.init !== p.init) out.push('init');
  return out;
}

export function runArgs(p: ContainerParams, verb: 'run' | 'create'): string[] {
  return [
    'docker', verb, ...(verb === 'run' ? ['-d'] : []), '--name', p.name,
    ...(p.network ? ['--network', p.network] : []),
    ...(p.ipv4_address ? ['--ip', p.ipv4_address] : []),
    '--restart', p.restart_policy,
    ...(p.init ? ['--init'] : []),
    '--pull', p.pull,
    p.image!,
    ...(p.command ?? []),
  ];
}

export function planContainer(have: ContainerState | null, imageId: string | null, p: ContainerParams, check: boolean): Plan {
  const header = `docker container ${p.name}`;
  const rm: CommandChange = { summary: `remove container ${p.name}`, run: argv(['docker', 'rm', '-f', p.name]) };
  if (p.state === 'absent') {
    if (!have) return noop(`container ${p.name} does not exist`);
    return { changes: [rm] };
  }
  if (p.image === undefined) throw new Error(`image is required when state is ${p.state}`);
  const verb = p.state === 'started' ? 'run' : 'create';
  const data = { container: p.name };
  const fresh = (why: string): CommandChange => {
    // Without an image there is nothing to run; in check mode an earlier task may still bring it.
    if (imageId === null && p.pull === 'never' && !check) {
      throw new Error(`image ${p.image} is not on the host and pull is never: import or build it first (docker_image)`);
    }
    const after = settingsText(settingsOf({ ...p, image: p.image! }));
    const before = have ? settingsText(settingsOf({ ...have, network: Object.keys(have.networks)[0], ipv4_address: Object.values(have.networks)[0] })) : '';
    return { summary: `${verb} container ${p.name}${why}`, run: argv(runArgs(p, verb)), diff: { header, before, after } };
  };
  if (!have) return { changes: [fresh(imageId === null ? ` (image ${p.image} is not present yet)` : '')], data };
  const differs = containerDiff(have, p, imageId);
  if (differs.length > 0) return { changes: [{ ...rm, summary: `remove container ${p.name} (differs: ${differs.join(', ')})` }, fresh(' again')], data };
  if (p.state === 'started' && !have.running) {
    return { changes: [{ summary: `start container ${p.name} (was ${have.status})`, run: argv(['docker', 'start', p.name]) }], data };
  }
  if (p.state === 'stopped' && have.running) {
    return { changes: [{ summary: `stop container ${p.name}`, run: argv(['docker', 'stop', p.name]) }], data };
  }
  return noop(`container ${p.name} is ${have.status} as configured`, data);
}
