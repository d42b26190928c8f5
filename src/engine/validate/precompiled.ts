// The validators compiled at build time (scripts/precompile-validators.ts), when the build made them. Loaded
// synchronously with require: validation is synchronous, and the file is plain CommonJS.

import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';

interface Precompiled {
  documents: Record<string, ValidateFunction>;
  moduleArgs: Record<string, ValidateFunction>;
}

let loaded: Precompiled | null | undefined;

export function precompiled(): Precompiled | null {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)('./precompiled.cjs') as Precompiled;
    } catch {
      loaded = null; // running from source (tests): compile on demand
    }
  }
  return loaded;
}
