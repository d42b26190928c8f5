// CPU and memory facts from /proc/cpuinfo and /proc/meminfo, computed as ansible-core 2.14's Linux hardware
// collector computes them (processor_count from physical ids, cores from `cpu cores`, vcpus as their
// product; memory in MiB rounded down) so `processor_vcpus * 2` or `memtotal_mb // 4` match Ansible's.
// Not reproduced: Xen paravirt guests (Ansible counts processors there) and s390x.

export function cpu(cpuinfo: string | undefined, status: string | undefined, arch: string): Record<string, unknown> {
  if (!cpuinfo) return {};
  const processor: string[] = [];
  let i = 0;
  let vendorIds = 0;
  let modelNames = 0;
  let processors = 0;
  let physid = '0';
  let coreid = '0';
  let explicitCores: number | undefined;
  // Insertion-ordered like Python's dicts: Ansible reads the first socket's and first core's values.
  const sockets = new Map<string, number>();
  const cores = new Map<string, number>();
  for (const line of cpuinfo.split('\n')) {
    const colon = line.indexOf(':');
    const key = (colon === -1 ? line : line.slice(0, colon)).trim();
    const val = colon === -1 ? '' : line.slice(colon + 1).trim();
    if (['model name', 'Processor', 'vendor_id', 'cpu', 'Vendor', 'processor'].includes(key)) {
      processor.push(val);
      if (key === 'vendor_id') vendorIds++;
      if (key === 'model name') modelNames++;
      if (key === 'processor') processors++;
      i++;
    } else if (key === 'physical id') {
      physid = val;
      if (!sockets.has(physid)) sockets.set(physid, 1);
    } else if (key === 'core id') {
      coreid = val;
      // Ansible's own test (`coreid not in sockets`) is kept: it decides which core entries exist.
      if (!sockets.has(coreid)) cores.set(coreid, 1);
    } else if (key === 'cpu cores') sockets.set(physid, parseInt(val, 10));
    else if (key === 'siblings') cores.set(coreid, parseInt(val, 10));
    else if (key === '# processors') explicitCores = parseInt(val, 10);
    else if (key === 'ncpus active') i = parseInt(val, 10);
  }
  if (vendorIds > 0 && vendorIds === modelNames) i = vendorIds;
  if (/^(armv|aarch|ppc)/.test(arch)) i = processors;
  const facts: Record<string, unknown> = { ansible_processor: processor };
  if (explicitCores !== undefined) facts.ansible_processor_cores = explicitCores;
  if (arch === 's390x') return facts;
  const count = sockets.size > 0 ? sockets.size : i;
  const firstSocket = [...sockets.values()][0];
  const coresPerSocket = firstSocket ? firstSocket : 1;
  const firstCore = [...cores.values()][0];
  const threads = Math.floor((firstCore ?? 1) / coresPerSocket);
  const n = allowedCpus(status);
  return {
    ...facts,
    ansible_processor_count: count,
    ansible_processor_cores: coresPerSocket,
    ansible_processor_threads_per_core: threads,
    ansible_processor_vcpus: threads * count * coresPerSocket,
    // The CPUs this process may run on (Ansible: len(os.sched_getaffinity(0))), like `nproc`.
    ansible_processor_nproc: n ?? processors,
  };
}

/** The CPUs in /proc/self/status's `Cpus_allowed_list` (`0-3,8,10-11`), as `nproc` counts them. */
function allowedCpus(status: string | undefined): number | undefined {
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(status ?? '')?.[1];
  if (!list) return undefined;
  let n = 0;
  for (const range of list.split(',')) {
    const [a, b = a] = range.split('-').map(Number);
    n += b! - a! + 1;
  }
  return Number.isFinite(n) ? n : undefined;
}

export function memory(meminfo: string | undefined): Record<string, unknown> {
  if (!meminfo) return {};
  const mb: Record<string, number> = {};
  for (const line of meminfo.split('\n')) {
    const m = /^(\w+):\s*(\d+)/.exec(line);
    if (m) mb[m[1]!.toLowerCase()] = Math.floor(Number(m[2]) / 1024);
  }
  const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? null : a - b);
  const nocacheFree = [mb.cached, mb.memfree, mb.buffers].some((v) => v === undefined) ? undefined : mb.cached! + mb.memfree! + mb.buffers!;
  const orNull = (v: number | undefined) => v ?? null;
  return {
    ansible_memtotal_mb: orNull(mb.memtotal),
    ansible_memfree_mb: orNull(mb.memfree),
    ansible_swaptotal_mb: orNull(mb.swaptotal),
    ansible_swapfree_mb: orNull(mb.swapfree),
    ansible_memory_mb: {
      real: { total: orNull(mb.memtotal), used: diff(mb.memtotal, mb.memfree), free: orNull(mb.memfree) },
      nocache: { free: orNull(nocacheFree), used: diff(mb.memtotal, nocacheFree) },
      swap: { total: orNull(mb.swaptotal), free: orNull(mb.swapfree), used: diff(mb.swaptotal, mb.swapfree), cached: orNull(mb.swapcached) },
    },
  };
}
