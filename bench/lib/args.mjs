// Command-line options of bench/run.mjs. Defaults are sized so the whole bench stays under ~20 minutes on
// the 2-core lab machine (ansible-core at 20 hosts dominates: see bench/README.md).

import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run bench -- [options]        (or: node bench/run.mjs [options] after npm run build)

  --hosts 1,5,20          host counts to measure (one lab per count, brought up and down in turn)
  --runs 1=3,5=3,20=2     timed runs per tool per host count (A B A B…), or one number for all
  --warmup 1              untimed first runs per tool, before the first host count (warms both tools' caches)
  --startup-runs 30       runs of \`runbook --version\`
  --tools ansible,runbook which tools to run (runbook alone: quick iterations, no ratios)
  --out bench/RESULTS.md  where to write the Markdown results ('-' = don't write)
  --lab-wait 900          seconds to queue for the lab when another one is up
  --timeout 900           seconds before one playbook run is killed
  --render FILE.json      print the Markdown of an earlier run's raw figures (written beside --out) and exit
`;

function parseRuns(text, hosts) {
  if (/^\d+$/.test(text)) return Object.fromEntries(hosts.map((h) => [h, Number(text)]));
  const map = Object.fromEntries(text.split(',').map((kv) => kv.split('=').map(Number)));
  return Object.fromEntries(hosts.map((h) => [h, map[h] ?? 3]));
}

export function benchOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      hosts: { type: 'string', default: '1,5,20' },
      runs: { type: 'string', default: '1=3,5=3,20=2' },
      warmup: { type: 'string', default: '1' },
      'startup-runs': { type: 'string', default: '30' },
      tools: { type: 'string', default: 'ansible,runbook' },
      out: { type: 'string', default: 'bench/RESULTS.md' },
      'lab-wait': { type: 'string', default: '900' },
      timeout: { type: 'string', default: '900' },
      render: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const hosts = values.hosts.split(',').map(Number);
  if (hosts.some((h) => !Number.isInteger(h) || h < 1 || h > 40)) throw new Error(`--hosts: whole numbers 1..40 (got ${values.hosts})`);
  const tools = values.tools.split(',');
  if (tools.some((t) => t !== 'ansible' && t !== 'runbook')) throw new Error(`--tools: ansible and/or runbook (got ${values.tools})`);
  return {
    help: values.help,
    render: values.render,
    hosts,
    runs: parseRuns(values.runs, hosts),
    warmup: Number(values.warmup),
    startupRuns: Number(values['startup-runs']),
    tools,
    out: values.out === '-' ? undefined : values.out,
    labWaitS: Number(values['lab-wait']),
    timeoutMs: Number(values.timeout) * 1000,
  };
}
