#!/usr/bin/env node
// npm run demo: the seed (README "The seed") on this machine's lab. First installs what the lab is missing
// (Debian/Ubuntu, as root: runbook applies playbooks/lab-prerequisites.yaml to localhost; --no-install
// refuses and only names the packages). Then brings the seed lab up (a workstation namespace; the Docker VM boots when the vagrant-vm role runs `vagrant up` through the
// stand-in), runs playbooks/site.yaml, runs it again (changed=0), shows the seed's final effect — HTTP from
// the workstation straight to the container at 192.168.33.6, `zk` resolving inside a container through
// dnsmasq — and brings the lab down. --keep leaves it up (then: runbook lab down). Linux, root; run after
// `npm run build` (npm run demo does it).
import { execFileSync, spawn } from 'node:child_process';
import { ensurePrerequisites } from '../dist/lab/install.js';
import { labDown, me } from '../dist/lab/lab.js';
import { readState } from '../dist/lab/state.js';
import { runbookArgv } from '../dist/lab/seed/run.js';
import { seedUp } from '../dist/lab/seed/up.js';
import { SEED } from '../dist/lab/seed/topology.js';

const keep = process.argv.includes('--keep');
const noInstall = process.argv.includes('--no-install');
const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (s) => console.log(`\n\x1b[1m== ${s}\x1b[0m`);

if (process.platform !== 'linux' || process.getuid?.() !== 0) {
  console.error('npm run demo needs Linux and root: the lab is made of network namespaces on this machine (see docs/lab.md)');
  process.exit(1);
}

say('what the lab needs on this machine');
const tInstall = Date.now();
const prereq = await ensurePrerequisites('seed', { noInstall, log: (l) => console.log(l) });
if (!prereq.ok) {
  console.error(prereq.message);
  process.exit(1);
}
console.log(prereq.installed.length ? `installed ${prereq.installed.join(' ')}` : 'everything is here');

/** Run in the workstation namespace with the lab's HOME, output straight to the terminal. */
function inWorkstation(args, home) {
  return new Promise((resolve) => {
    const start = Date.now();
    const child = spawn('nsenter', [`--net=/run/netns/${SEED.ws}`, '--', ...args], { stdio: 'inherit', env: { ...process.env, HOME: home } });
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, ms: Date.now() - start });
    });
  });
}

function inVm(script) {
  const vm = readState()?.hosts.find((h) => h.groups?.includes('docker_vms'));
  return execFileSync('nsenter', ['-t', String(vm.pid1), '-m', '-u', '-n', '-p', '--', 'sh', '-c', script], { encoding: 'utf8', timeout: 30_000 });
}

const holder = keep ? null : me();
let failed = false;
let upped = false; // only a lab this demo brought up is taken down
const timings = prereq.installed.length ? [['installing', Date.now() - tInstall]] : [];
try {
  say('seed lab up: workstation namespace, its host-only interface vboxnet0 (as Docker Toolbox leaves it), the Vagrant box');
  const { paths, waitedMs, buildMs } = await seedUp({ holder, waitMs: 600_000, log: (l) => console.log(l) });
  upped = true;
  if (waitedMs > 1000) timings.push(['(waiting for the machine\'s lab)', waitedMs]);
  timings.push(['seed lab up', buildMs]);
  const apply = (label) =>
    inWorkstation([...runbookArgv('dist'), 'apply', 'playbooks/site.yaml', '-i', paths.inventory], paths.home).then((r) => {
      timings.push([label, r.ms]);
      if (r.code !== 0) throw new Error(`${label} exited with ${r.code}`);
    });

  say(`runbook apply playbooks/site.yaml (inside ${SEED.ws}; VBoxManage, vagrant and docker-machine are the lab's stand-ins)`);
  await apply('first run');
  say('again: nothing left to change (changed=0 on every host)');
  await apply('second run');

  say('the seed\'s effect, from outside runbook');
  const page = execFileSync('nsenter', [`--net=/run/netns/${SEED.ws}`, '--', 'curl', '-fsS', '--noproxy', '*', '--max-time', '5', 'http://192.168.33.6/'], { encoding: 'utf8' });
  console.log(`workstation$ curl http://192.168.33.6/   ->  ${page.trim()}`);
  console.log(`docker-vm$ docker exec c5 nslookup zk\n${inVm('docker exec c5 nslookup zk').trim()}`);
  console.log(`docker-vm$ docker exec c5 ping -c1 zk\n${inVm('docker exec c5 ping -c1 -W2 zk').trim()}`);
  console.log(`docker-vm$ bridge link\n${inVm('bridge link | grep eth1').trim()}`);
} catch (e) {
  failed = true;
  console.error(`\ndemo failed: ${e.message}`);
} finally {
  if (keep && !failed) {
    console.log(`\nthe lab stays up (--keep): nsenter --net=/run/netns/${SEED.ws} … ; runbook lab down removes it`);
  } else if (upped) {
    const t = Date.now();
    const r = await labDown({ onlyHolder: holder ?? me(), log: (l) => console.log(l) });
    timings.push(['lab down', Date.now() - t]);
    if (r.leftovers.length) {
      failed = true;
      console.error(`lab down left: ${r.leftovers.join(', ')}`);
    }
  }
  timings.push(['demo total', Date.now() - t0]);
  say('timings');
  for (const [k, ms] of timings) console.log(`${k.padEnd(14)} ${secs(ms)}`);
  process.exitCode = failed ? 1 : 0;
}
