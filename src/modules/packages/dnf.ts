// dnf and yum: Ansible's modules of the same names over the shared package core (package-task.ts). Each
// drives its own tool; the decisions (rpm -q, the upgrades the local cache knows of) are package's.

import { planPackageTask } from './package-task.js';
import { defineModule } from '../../engine/module-api/module.js';
import { RPM_PARAMS } from './package-params.js';
import type { Manager } from './package-spec.js';

const wanted = (s: string) => (s === 'installed' ? 'present' : s === 'removed' ? 'absent' : s) as 'present' | 'absent' | 'latest';

function rpmModule(name: Extract<Manager, 'dnf' | 'yum'>) {
  return defineModule({
    name,
    summary: `Install, upgrade or remove rpm packages with ${name}, with repositories enabled or disabled for the task.`,
    // Both modules' argument_spec: pkg for name, expire-cache for update_cache.
    aliases: { pkg: 'name', 'expire-cache': 'update_cache' },
    params: { type: 'object', additionalProperties: false, properties: RPM_PARAMS },
    plan: (ctx, p) => planPackageTask(ctx, { ...p, use: name, state: wanted(p.state), cache_valid_time: 0, purge: false }, name),
  });
}

export const dnf = rpmModule('dnf');
export const yum = rpmModule('yum');
