// runbook side: the built CLI (`node bin/runbook.js`, what users run), `--json` so the recap can be checked.

import { fileURLToPath } from 'node:url';
import { run } from './proc.mjs';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const RUNBOOK = `${REPO}bin/runbook.js`;

export async function runRunbook(playbook, inventory, { rssFile, timeoutMs, nodeArgs = [], env } = {}) {
  const r = await run(process.execPath, [...nodeArgs, RUNBOOK, 'apply', playbook, '-i', inventory, '--json'], { rssFile, timeoutMs, env: env ?? process.env });
  const recap = recapEvent(r.stdout);
  return { ...r, recap: recap?.stats ?? {}, commands: recap?.commands };
}

/** The `recap` event of an NDJSON run: { stats, commands? } (commands sent per host, when the executor counts them). */
export function recapEvent(stdout) {
  for (const line of stdout.split('\n').reverse()) {
    if (!line.startsWith('{')) continue;
    try {
      const e = JSON.parse(line);
      if (e.kind === 'recap') return e;
    } catch {
      // not an event line
    }
  }
  return undefined;
}

/** The failed host-result that failed the run (the last one not ignored), to say why it failed. */
export function finalFailure(stdout) {
  // The LAST failure that was not ignored: an earlier one may have been rescued by its block.
  let last;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const e = JSON.parse(line);
      if (e.kind === 'host-result' && (e.status === 'failed' || e.status === 'unreachable') && !e.ignored) {
        // A loop's own message ("One or more items failed") says less than its first failed item's.
        const item = Array.isArray(e.result?.results) ? e.result.results.find((r) => r?.failed) : undefined;
        const msg = `${e.result?.msg ?? JSON.stringify(e.result)}${item?.msg ? ` (first: ${item.msg})` : ''}`;
        last = `${e.host} "${e.task.name}" (${e.task.loc?.file ?? ''}:${e.task.loc?.line ?? ''}): ${e.status}: ${msg}`;
      }
    } catch {
      // not an event line
    }
  }
  return last;
}
