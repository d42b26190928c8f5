// The two ajv instances runbook uses. Both collect every error (allErrors) and keep the failing schema and
// data on each error (verbose), which the problem formatter needs to explain errors in plain words.
//  - documents: checks YAML files as written (templates allowed where values are typed).
//  - module args: checks args after templating and fills in defaults in place (useDefaults).

import { Ajv, type Options } from 'ajv';
import formatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, whose `.default` is the plugin.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv) => Ajv;

/**
 * Keywords runbook's schemas carry for people and editors, not for validation: VS Code / yaml-language-server
 * show `errorMessage` and `patternErrorMessage` instead of their generic text; `x-exactly-one` marks a oneOf
 * whose branches each require one key (a task's module), so its errors can be summarised in one sentence.
 */
export const ANNOTATION_KEYWORDS = ['errorMessage', 'patternErrorMessage', 'markdownDescription', 'x-exactly-one'] as const;

function create(extra: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    // A task schema is `properties: {…modules}` plus `oneOf: [{required: [module]} …]` (DEPS.md).
    strictRequired: false,
    strictTypes: false,
    strictTuples: false,
    // Schemas written by other people (inventory) may use keywords ajv does not know; ignore, as editors do.
    strict: false,
    // ajv's code optimiser halves validation time but doubles compile time; a CLI run compiles the big
    // playbook schema once and validates a few small documents, so compiling fast matters more.
    code: { optimize: false },
    ...extra,
  });
  addFormats(ajv);
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'string' });
  return ajv;
}

let documents: Ajv | undefined;
let moduleArgs: Ajv | undefined;

export function documentAjv(): Ajv {
  return (documents ??= create({}));
}

export function moduleArgsAjv(): Ajv {
  return (moduleArgs ??= create({ useDefaults: true }));
}
