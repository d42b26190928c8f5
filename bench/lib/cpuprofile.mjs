// Summarise a V8 .cpuprofile (node --cpu-prof): self time by function and by where the code lives
// (a package in node_modules, a file of runbook's dist/, node internals, GC, idle).

import { readFileSync } from 'node:fs';

function where(url) {
  if (!url) return '(native/vm)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `pkg:${pkg[1]}`;
  const own = /\/dist\/(.+)$/.exec(url);
  if (own) return `runbook:${own[1].split('/').slice(0, 2).join('/')}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return url.replace(/^file:\/\//, '');
}

export function summariseProfile(file, top = 15) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const fns = new Map();
  const places = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const special = ['(idle)', '(garbage collector)', '(program)'].includes(cf.functionName);
    const place = special ? cf.functionName : where(cf.url);
    const fn = special ? cf.functionName : `${cf.functionName || '(anonymous)'} ${where(cf.url)}:${cf.lineNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    places.set(place, (places.get(place) ?? 0) + us);
    total += us;
  }
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => ({ what: k, ms: us / 1000, pct: (us / total) * 100 }));
  return { totalMs: total / 1000, functions: sorted(fns), places: sorted(places) };
}
