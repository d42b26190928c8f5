// The bench's lab: N throwaway hosts from the project's own lab code (dist/lab, owned by another
// engineer — used, never edited). The lab belongs to this process (holder = us), so if the bench dies the
// next `lab up` removes it; we also bring it down on SIGINT/SIGTERM and in `finally`. One lab per machine:
// when another is up we queue (bounded) like the test fixture does.
// Host-side chores that must not be timed (resetting target directories, reading back what was written)
// run through nsenter into the host's namespaces, not over SSH, so they never touch the tools' connections.

import { execFile } from 'node:child_process';

const dist = (p) => new URL(`../../dist/${p}`, import.meta.url).href;

export async function openBenchLab(hosts, { waitS = 900, log = console.log, systemd = 0, unmask = [] } = {}) {
  const { labUp, labDown, me } = await import(dist('lab/lab.js'));
  const { planLab } = await import(dist('lab/spec.js'));
  const { readState } = await import(dist('lab/state.js'));
  const holder = me();
  const other = readState();
  if (other) log(`  a lab is up (${other.hosts.map((h) => h.name).join(' ')}, since ${other.createdAt}); queueing up to ${waitS} s for it`);
  const t0 = Date.now();
  let downing;
  const down = () => (downing ??= labDown({ onlyHolder: holder }).then((r) => {
    if (r.leftovers.length) log(`  WARNING: lab down left ${r.leftovers.join(', ')}`);
  }));
  const onSignal = (sig) => {
    log(`\n${sig}: bringing the lab down`);
    void down().finally(() => process.exit(130));
  };
  // A crash outside our try/finally (e.g. an exception thrown from an event handler) still takes it down.
  const onCrash = (e) => {
    console.error(`bench crashed: ${e?.stack ?? e}; bringing the lab down`);
    void down().finally(() => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('uncaughtException', onCrash);
  const unhook = () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('uncaughtException', onCrash);
  };
  let state;
  try {
    const spec = planLab(hosts, systemd);
    // unmask: services a fresh Debian host runs that the lab masks by default (they are the machine's own).
    if (unmask.length) spec.hosts = spec.hosts.map((h) => (h.init === 'systemd' ? { ...h, unmask } : h));
    state = await labUp({ spec, holder, waitMs: waitS * 1000 });
  } catch (e) {
    unhook();
    throw e;
  }
  log(`  lab up: ${hosts} host(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s (incl. queueing)`);
  return {
    state,
    hosts: state.hosts,
    /** Run a shell script inside every host (in parallel); throws if one fails. */
    async onEach(script) {
      return Promise.all(state.hosts.map((h) => inHost(h, script)));
    },
    async down() {
      unhook();
      await down();
    },
  };
}

/** sh -c `script` inside a lab host (mount, UTS, net, PID namespaces of its PID 1), bounded to 60 s. */
export function inHost(host, script) {
  return new Promise((resolve, reject) => {
    execFile('nsenter', ['-t', String(host.pid1), '-m', '-u', '-n', '-p', '--', 'sh', '-c', script], { timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${host.name}: ${script.split('\n')[0]}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** What the playbook produced under `root`, comparable across tools: type, mode, owner, size, checksum. */
export function manifestScript(root) {
  return `cd ${root} 2>/dev/null || { echo MISSING; exit 0; }
find . -printf '%p %y %m %u:%g %s\\n' | sort
find . -type f -exec md5sum {} + | sort -k2`;
}

export function resetScript(root) {
  return `rm -rf ${root}`;
}
