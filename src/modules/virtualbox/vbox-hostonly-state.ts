// vbox_hostonly's pure half: read `VBoxManage list hostonlyifs` and decide the VBoxManage calls.
// The listing is blocks of `Key:   value` lines separated by blank lines (VirtualBox 5.2–7.0,
// VBoxManageList.cpp listHostOnlyNetworkInterfaces): Name, GUID, DHCP, IPAddress, NetworkMask,
// IPV6Address, IPV6NetworkMaskPrefixLength, HardwareAddress, MediumType, Wireless, Status, VBoxNetworkName.

import { argv } from '../../engine/quote.js';
import type { CommandChange, Plan } from '../../engine/module-api/module.js';
import { noop, settingsText } from '../../engine/module-api/plan-helpers.js';

export interface HostOnlyIf {
  name: string;
  ip: string;
  netmask: string;
  /** Every field as listed, for the task result. */
  fields: Record<string, string>;
}

export function parseHostonlyIfs(text: string): HostOnlyIf[] {
  const out: HostOnlyIf[] = [];
  for (const block of text.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const m = /^([A-Za-z0-9]+):\s*(.*)$/.exec(line.trim());
      if (m) fields[m[1]!] = m[2]!.trim();
    }
    if (fields.Name) out.push({ name: fields.Name, ip: fields.IPAddress ?? '', netmask: fields.NetworkMask ?? '', fields });
  }
  return out;
}

export interface HostonlyParams {
  name: string;
  ip?: string;
  netmask: string;
  state: 'present' | 'absent';
  vboxmanage: string;
}

/**
 * VirtualBox chooses the name of a new interface itself: the lowest free vboxnetN. So reaching vboxnet1
 * when neither vboxnet0 nor vboxnet1 exists takes two creates; the plan says so instead of guessing.
 */
function createsNeeded(existing: readonly HostOnlyIf[], name: string): string[] | undefined {
  const m = /^vboxnet(\d+)$/.exec(name);
  if (!m) return undefined;
  const names = new Set(existing.map((i) => i.name));
  const missing: string[] = [];
  for (let i = 0; i <= Number(m[1]); i++) if (!names.has(`vboxnet${i}`)) missing.push(`vboxnet${i}`);
  return missing;
}

export function planHostonly(existing: readonly HostOnlyIf[], p: HostonlyParams): Plan {
  const vbm = (...args: string[]) => argv([p.vboxmanage, ...args]);
  const found = existing.find((i) => i.name === p.name);
  if (p.state === 'absent') {
    if (!found) return noop(`host-only interface ${p.name} does not exist`);
    return { changes: [{ summary: `remove host-only interface ${p.name}`, run: vbm('hostonlyif', 'remove', p.name) }] };
  }
  if (p.ip === undefined) throw new Error('ip is required when state is present');
  const want = { IPAddress: p.ip, NetworkMask: p.netmask };
  const data = { interface: p.name, ip: p.ip, netmask: p.netmask };
  const changes: CommandChange[] = [];
  if (!found) {
    const creates = createsNeeded(existing, p.name);
    if (!creates) throw new Error(`VirtualBox names host-only interfaces vboxnet0, vboxnet1, …; ${p.name} cannot be created`);
    for (const n of creates) {
      const why = n === p.name ? '' : ` (VirtualBox numbers new interfaces in order: ${p.name} comes after it)`;
      changes.push({ summary: `create host-only interface ${n}${why}`, run: vbm('hostonlyif', 'create') });
    }
  } else if (found.ip === p.ip && found.netmask === p.netmask) {
    return noop(`${p.name} already has ${p.ip} netmask ${p.netmask}`, data);
  }
  const before = found ? settingsText({ IPAddress: found.ip, NetworkMask: found.netmask }) : '';
  changes.push({
    summary: found ? `set ${p.name} address ${found.ip}/${found.netmask} -> ${p.ip}/${p.netmask}` : `set ${p.name} address ${p.ip}/${p.netmask}`,
    run: vbm('hostonlyif', 'ipconfig', p.name, '--ip', p.ip, '--netmask', p.netmask),
    diff: { header: `host-only interface ${p.name}`, before, after: settingsText(want) },
  });
  return { changes, data };
}
