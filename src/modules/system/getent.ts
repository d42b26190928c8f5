// getent: read a name-service database (passwd, group, hosts, services…) into ansible_facts.getent_<db>,
// as Ansible's getent: each record's first field is the key, the other fields its list (split at ':' for
// passwd/shadow/group/gshadow, at whitespace otherwise). One round trip; never changes anything.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import { defineModule, type Fact } from '../../engine/module-api/module.js';

const COLON = new Set(['passwd', 'shadow', 'group', 'gshadow']);

export const getent = defineModule({
  name: 'getent',
  summary: 'Read a name-service database (passwd, group, hosts…) into ansible_facts.getent_<database>; changes nothing.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['database'],
    properties: {
      database: { type: 'string', description: 'The database (passwd, group, shadow, hosts, services…).' },
      key: { type: 'string', description: 'The record to read; all records when not given.' },
      split: { type: 'string', description: "The field separator (default ':' for passwd, shadow, group, gshadow; whitespace otherwise)." },
      fail_key: { type: 'boolean', default: true, description: 'Fail when key is not found (false: succeed with an empty result).' },
      service: { type: 'string', description: 'Read from this service (getent -s).' },
    },
  },
  async plan(ctx, p) {
    const [r] = await ctx.facts(getentFact(p.database, p.key, p.service));
    if (r.code === 1) throw new ModuleFailure('Missing arguments, or database unknown.');
    if (r.code === 2) {
      if (p.fail_key) throw new ModuleFailure('One or more supplied key could not be found in the database.');
      return { changes: [], reason: 'key not found', data: { msg: 'One or more supplied key could not be found in the database.', ansible_facts: { [`getent_${p.database}`]: {} } }, hostFacts: { [`getent_${p.database}`]: {} } };
    }
    if (r.code === 3) throw new ModuleFailure('Enumeration not supported on this database.');
    if (r.code !== 0) throw new ModuleFailure(`getent failed (exit ${r.code})`);
    const records = parseRecords(r.stdout, p.split ?? (COLON.has(p.database) ? ':' : undefined));
    const facts = { [`getent_${p.database}`]: records };
    return { changes: [], reason: `${Object.keys(records).length} record(s) of ${p.database}`, data: { ansible_facts: facts }, hostFacts: facts };
  },
});

function getentFact(database: string, key: string | undefined, service: string | undefined): Fact<{ code: number; stdout: string }> {
  const words = ['getent', ...(service ? ['-s', service] : []), database, ...(key !== undefined ? [key] : [])];
  return { key: `getent:${words.join('\0')}`, command: argv(words), parse: (stdout, code) => ({ code, stdout }) };
}

/** Ansible's parsing: the first field is the key; a key seen twice gets a list of field lists. */
export function parseRecords(stdout: string, split: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen: Record<string, number> = {};
  for (const line of stdout.split('\n').filter((l) => l !== '')) {
    const record = split === undefined ? line.trim().split(/\s+/) : line.split(split);
    const [name, ...fields] = record as [string, ...string[]];
    if (seen[name]) {
      if (seen[name] === 1) out[name] = [out[name]];
      (out[name] as unknown[]).push(fields);
      seen[name]++;
    } else {
      out[name] = fields;
      seen[name] = 1;
    }
  }
  return out;
}
