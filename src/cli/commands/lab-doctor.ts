// `runbook lab doctor [--install]`: what this machine lacks for the lab, in one message, with the command
// that fixes it; --install applies playbooks/lab-prerequisites.yaml (Debian/Ubuntu, root). Exit 0 when
// nothing is missing (or all of it was installed), 1 otherwise.

import { ensurePrerequisites, missingHere, osRelease } from '../../lab/install.js';
import { fixHint, missingSummary, REQUIREMENTS } from '../../lab/prerequisites.js';

export async function doctor(o: { install?: boolean; out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  if (process.platform !== 'linux') {
    o.err(`the lab needs Linux (network namespaces); this is ${process.platform} — see docs/lab.md`);
    return 1;
  }
  const missing = missingHere('tests');
  if (!missing.length) {
    o.out(`everything the lab needs is here (${REQUIREMENTS.length} packages: ${REQUIREMENTS.map((r) => r.pkg).join(' ')})`);
    if (process.getuid?.() !== 0) o.out('the lab itself runs as root (network namespaces, mounts): sudo runbook lab up');
    return 0;
  }
  if (o.install) {
    const r = await ensurePrerequisites('tests', { log: o.err });
    if (!r.ok) o.err(r.message!);
    else o.out(`installed ${r.installed.join(' ')}`);
    return r.ok ? 0 : 1;
  }
  const lines = missing.map((r) => `  ${missingSummary([r]).padEnd(44)} ${r.why}${r.scope === 'tests' ? ' (tests only)' : ''}`);
  o.err(`missing for the lab:\n${lines.join('\n')}\n${fixHint([...new Set(missing.map((r) => r.pkg))], osRelease())}`);
  return 1;
}
