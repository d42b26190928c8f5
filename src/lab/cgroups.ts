// cgroups for systemd hosts. `ip netns exec` remounts /sys, hiding the machine's cgroup mounts, so a host
// mounts the same hierarchies again (read from the root namespace's mountinfo: v1 controllers, name=systemd,
// cgroup2), gets its own subtree `lab-<netns>` in each, and a cgroup namespace so its systemd sees that
// subtree as `/`. The subtrees are listed in the state file and removed, children first, on teardown.

import { readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { quote } from '../engine/quote.js';
import { sleep } from './sh.js';

export interface Hierarchy {
  /** Mount point relative to /sys/fs/cgroup ('' for a pure cgroup2 machine). */
  dir: string;
  fstype: 'cgroup' | 'cgroup2';
  /** `-o` options to mount it (controllers, or none,name=systemd; '' for cgroup2). */
  options: string;
}

const MOUNT_FLAGS = new Set(['rw', 'ro', 'nosuid', 'nodev', 'noexec', 'relatime', 'noatime', 'clone_children']);

/** The machine's cgroup hierarchies under /sys/fs/cgroup, from mountinfo text. */
export function parseCgroupLayout(mountinfo: string): Hierarchy[] {
  const out: Hierarchy[] = [];
  for (const line of mountinfo.split('\n')) {
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const mountPoint = pre.split(' ')[4] ?? '';
    const [fstype, , superOpts = ''] = post.split(' ');
    if ((fstype !== 'cgroup' && fstype !== 'cgroup2') || !(mountPoint === '/sys/fs/cgroup' || mountPoint.startsWith('/sys/fs/cgroup/'))) continue;
    const dir = mountPoint.slice('/sys/fs/cgroup'.length).replace(/^\//, '');
    if (fstype === 'cgroup2') {
      // No options: changing cgroup2's (e.g. nsdelegate) from here would change them machine-wide.
      out.push({ dir, fstype, options: '' });
      continue;
    }
    const opts = superOpts.split(',').filter((o) => !MOUNT_FLAGS.has(o));
    out.push({ dir, fstype, options: opts.some((o) => o.startsWith('name=')) ? ['none', ...opts].join(',') : opts.join(',') });
  }
  return out;
}

export function machineCgroupLayout(): Hierarchy[] {
  const layout = parseCgroupLayout(readFileSync('/proc/self/mountinfo', 'utf8'));
  if (layout.length === 0) throw new Error('no cgroup hierarchy is mounted under /sys/fs/cgroup: systemd lab hosts need one');
  return layout;
}

/** Host cgroup directory names, as paths seen from the root namespace. */
export function hostCgroupDirs(layout: Hierarchy[], netns: string): string[] {
  return layout.map((h) => `/sys/fs/cgroup/${h.dir ? `${h.dir}/` : ''}lab-${netns}`);
}

/** Shell: mount the hierarchies at /sys/fs/cgroup (a fresh tmpfs unless cgroup2 is the only one). */
export function mountCgroupsScript(layout: Hierarchy[]): string {
  const lines: string[] = [];
  if (!(layout.length === 1 && layout[0]!.dir === '')) lines.push('mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup');
  for (const h of layout) {
    const at = h.dir ? `/sys/fs/cgroup/${h.dir}` : '/sys/fs/cgroup';
    const opts = h.options ? ` -o ${quote(h.options)}` : '';
    lines.push(`mkdir -p ${quote(at)}`, `mount -t ${h.fstype}${opts} ${h.fstype} ${quote(at)}`);
  }
  return lines.join('\n');
}

/** Shell: create this host's subtree in every hierarchy and move the current shell ($$) into it. */
export function enterHostCgroupsScript(layout: Hierarchy[], netns: string): string {
  const lines: string[] = [];
  for (const dir of hostCgroupDirs(layout, netns)) {
    const parent = dir.slice(0, dir.lastIndexOf('/'));
    lines.push(`mkdir -p ${quote(dir)}`);
    // A new cpuset cgroup has no CPUs or memory nodes until given some; it refuses tasks before that.
    lines.push(`if [ -f ${quote(`${dir}/cpuset.cpus`)} ]; then cat ${quote(`${parent}/cpuset.cpus`)} > ${quote(`${dir}/cpuset.cpus`)}; cat ${quote(`${parent}/cpuset.mems`)} > ${quote(`${dir}/cpuset.mems`)}; fi`);
    lines.push(`echo $$ > ${quote(`${dir}/cgroup.procs`)}`);
  }
  return lines.join('\n');
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${dir}/${d.name}`);
  } catch {
    return [];
  }
}

/** Remove a cgroup subtree, deepest first. A cgroup still holding a process is retried briefly. */
export async function removeCgroupTree(dir: string, timeoutMs = 3000): Promise<void> {
  const order: string[] = [];
  const walk = (d: string) => {
    for (const s of subdirs(d)) walk(s);
    order.push(d);
  };
  walk(dir);
  const end = Date.now() + timeoutMs;
  for (const d of order) {
    for (;;) {
      try {
        rmdirSync(d);
        break;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        if (code !== 'EBUSY' || Date.now() >= end) throw new Error(`cannot remove cgroup ${d}: ${(e as Error).message}`);
        await sleep(50);
      }
    }
  }
}

/** Lab cgroup subtrees left in the machine's hierarchies (found by name, for the leftover sweep). */
export function leftoverCgroupDirs(layout: Hierarchy[], prefix: string): string[] {
  return layout.flatMap((h) => subdirs(`/sys/fs/cgroup${h.dir ? `/${h.dir}` : ''}`).filter((d) => d.slice(d.lastIndexOf('/') + 1).startsWith(`lab-${prefix}`)));
}
