// The two ajv instances runbook uses. Both collect every error (allErrors) and keep the failing schema and
// data on each error (verbose), which the problem formatter needs to explain errors in plain words.
//  - documents: checks YAML files as written (templates allowed where values are typed).
//  - module args: checks args after templating and fills in defaults in place (useDefaults).

import { createRequire } from 'node:module';
import type { Ajv, Options } from 'ajv';

// Loaded on first use only: a built runbook validates with precompiled functions and never needs the compiler
// (ajv is ~30 ms of start-up). Validation is synchronous, so this is a synchronous require.
const require = createRequire(import.meta.url);

/**
 * Keywords runbook's schemas carry for people and editors, not for validation: VS Code / yaml-language-server
 * show `errorMessage` and `patternErrorMessage` instead of their generic text; `x-exactly-one` marks a oneOf
 * whose branches each require one key (a task's module), so its errors can be summarised in one sentence.
 */
export const ANNOTATION_KEYWORDS = ['errorMessage', 'patternErrorMessage', 'markdownDescription', 'x-exactly-one'] as const;

export function createAjv(extra: Options): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  // ajv-formats is CommonJS; its `default` is the plugin.
  const formats = require('ajv-formats') as { default: (ajv: Ajv) => Ajv };
  const ajv = new AjvClass({
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
  formats.default(ajv);
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'string' });
  return ajv;
}

let documents: Ajv | undefined;
let moduleArgs: Ajv | undefined;

export function documentAjv(): Ajv {
  return (documents ??= createAjv({}));
}

export function moduleArgsAjv(): Ajv {
  return (moduleArgs ??= createAjv({ useDefaults: true }));
}
