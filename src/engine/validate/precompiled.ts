// The validators compiled at build time (scripts/precompile-validators.ts), one CommonJS file each, loaded
// synchronously with require (validation is synchronous) and only when first asked for: a run parses the
// validators it uses, not all of them.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';

const DIR = new URL('./precompiled/', import.meta.url);
let built: boolean | undefined;

/** The validator built under `exportName` (validator-keys.ts), or null when running from source (tests). */
export function precompiledValidator(exportName: string): ValidateFunction | null {
  built ??= existsSync(DIR);
  if (!built) return null;
  try {
    return createRequire(import.meta.url)(`./precompiled/${exportName}.cjs`) as ValidateFunction;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return null; // not one the build makes
    throw e;
  }
}
