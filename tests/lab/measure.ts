// Measurements for the SSH transport and the lab (not a test; run as root, alone if you can — the machine is
// shared, so compare numbers from one run only):   node --import tsx tests/lab/measure.ts
import { ShellConnection } from '../../src/engine/connection/shell-connection.js';
import { gatherFacts } from '../../src/engine/execute/gather-facts.js';
import { labDown, labUp, me } from '../../src/lab/lab.js';
import { planLab } from '../../src/lab/spec.js';
import { openSshTransport } from '../../src/engine/connection/open.js';
import type { HostConnection } from '../../src/engine/inventory/types.js';

const ms = (t: number) => `${(performance.now() - t).toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let t = performance.now();
const state = await labUp({ spec: planLab(3, 1), holder: me(), waitMs: 600_000 });
console.log(`lab up, 3 hosts (1 systemd): ${ms(t)}; sshd answering at ${state.hosts.map((h) => `${h.name} ${h.readyMs} ms`).join(', ')}`);
try {
  const settings = (name: string): HostConnection => ({
    connection: 'ssh', host: state.hosts.find((h) => h.name === name)!.ip, user: 'root',
    private_key: state.keyFile, known_hosts: state.knownHosts, host_key_checking: 'accept-new',
  });
  const connects: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const tr = await openSshTransport('h1', settings('h1'));
    connects.push(performance.now() - t0);
    await tr.close();
  }
  console.log(`connect (TCP + kex + publickey auth), median of 10: ${median(connects).toFixed(1)} ms`);
  for (const round of [1, 2]) {
    for (const noDelay of [true, false]) {
      const c = new ShellConnection(await openSshTransport('h1', settings('h1'), { noDelay }));
      await c.exec('true');
      const n = 50;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await c.exec('true');
      console.log(`round ${round}: sequential exec, setNoDelay ${noDelay ? 'on ' : 'off'}: ${((performance.now() - t0) / n).toFixed(2)} ms per exec (${n} execs)`);
      await c.close();
    }
  }
  for (const name of ['h1', 's1']) {
    const c = new ShellConnection(await openSshTransport(name, settings(name)));
    const t0 = performance.now();
    const f = await gatherFacts(c);
    console.log(`gather_facts on ${name}: ${ms(t0)} (${c.stats.execs} exec, service_mgr ${f.ansible_service_mgr})`);
    await c.close();
  }
} finally {
  t = performance.now();
  const r = await labDown({ onlyHolder: me() });
  console.log(`lab down: ${ms(t)}; left behind: ${r.leftovers.length ? r.leftovers.join(', ') : 'nothing'}`);
}
