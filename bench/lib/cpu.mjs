// CPU accounting around a timed run, to tell where wall time goes on a 2-core machine where the controller,
// the lab hosts and other engineers' work all share the same cores:
//   - hosts: CPU of everything the hosts' sshd ran for the run's sessions (sshd reaps its session processes,
//     which reaped the commands: their time lands in the sshd listener's cutime/cstime);
//   - machine: all busy CPU of the machine (/proc/stat), so "others" = machine − tool − hosts shows the noise.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const HZ = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** utime+stime+cutime+cstime of a process, in seconds; 0 when it is gone. */
function procCpu(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields after "(comm) ": state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / HZ;
  } catch {
    return 0;
  }
}

function children(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function comm(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The sshd listeners of the lab hosts (children of each host's PID 1 named sshd). */
export function sshdListeners(hosts) {
  return hosts.flatMap((h) => children(h.pid1).filter((p) => comm(p) === 'sshd'));
}

/** CPU seconds of the hosts' sshd listeners (their finished sessions included). */
export function hostCpu(listeners) {
  return listeners.reduce((a, p) => a + procCpu(p), 0);
}

/** Busy CPU seconds of the whole machine since boot. */
export function machineCpu() {
  const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = f.map(Number);
  return (user + nice + system + irq + softirq + steal) / HZ;
}
