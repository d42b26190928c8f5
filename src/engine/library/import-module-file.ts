// Importing one file of a project's `library/`. `.js`/`.mjs` are imported by Node itself (ES modules, or
// CommonJS `.js` in a package without "type": "module"); `.ts` is imported by Node when runbook itself runs
// under tsx (from source), and otherwise through tsx's API when tsx can be found (in the project's
// node_modules, else beside runbook): a built runbook does not bring a TypeScript compiler of its own.
// `runbook/module-api` resolves to this runbook's copy both for `import` (a loader hook) and `require`.

import { createRequire } from 'node:module';
import * as nodeModule from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Problem } from '../errors.js';
import { PUBLIC_SPECIFIER, publicEntryUrl, registerResolveHook } from './resolve-hook.js';

type Namespace = Record<string, unknown>;
type Loaded = { ok: true; exports: Namespace } | { ok: false; problem: Problem };

let requirePatched = false;

/** CommonJS `require('runbook/module-api')` (a `.ts` compiled as CommonJS by tsx) gets the same module object. */
async function patchRequire(): Promise<void> {
  if (requirePatched) return;
  requirePatched = true;
  const api = (await import(publicEntryUrl())) as Namespace;
  const M = (nodeModule as unknown as { default: { _load: (request: string, ...rest: unknown[]) => unknown } }).default;
  const original = M._load;
  M._load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === PUBLIC_SPECIFIER ? api : original.call(this, request, ...rest);
  };
}

export async function importModuleFile(file: string, projectDir: string): Promise<Loaded> {
  registerResolveHook();
  await patchRequire();
  const url = pathToFileURL(file).href;
  try {
    return { ok: true, exports: (await import(url)) as Namespace };
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || extname(file) !== '.ts') return { ok: false, problem: loadProblem(e, file) };
  }
  const tsImport = await findTsx(projectDir);
  if (!tsImport) {
    return {
      ok: false,
      problem: {
        loc: { file, line: 1, col: 1 },
        message: `${basename(file)} is TypeScript, and tsx (which loads it) is not installed`,
        hint: 'install tsx in the project (npm install --save-dev tsx), or write the module as .mjs / compile it to .js',
      },
    };
  }
  try {
    return { ok: true, exports: (await tsImport(url, import.meta.url)) as Namespace };
  } catch (e) {
    return { ok: false, problem: loadProblem(e, file) };
  }
}

type TsImport = (specifier: string, parent: string) => Promise<unknown>;

/** tsx's ESM API from the project's node_modules, else from runbook's own; undefined when neither has it. */
async function findTsx(projectDir: string): Promise<TsImport | undefined> {
  for (const from of [`${projectDir}/`, import.meta.url]) {
    try {
      // require.resolve would pick tsx's CommonJS build of the API; its ES module build is the one to import.
      const manifest = createRequire(from).resolve('tsx/package.json');
      const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> }).exports;
      const entry = exports?.['./esm/api']?.import?.default;
      if (!entry) continue;
      const api = (await import(pathToFileURL(join(dirname(manifest), entry)).href)) as { tsImport?: TsImport };
      if (typeof api.tsImport === 'function') return api.tsImport;
    } catch {
      // not there; try the next place
    }
  }
  return undefined;
}

/**
 * A module file that does not load (syntax error, an import that is not found, an exception at its top
 * level): the message, at the line of the file that Node or the TypeScript compiler names.
 */
function loadProblem(e: unknown, file: string): Problem {
  const err = e as Error & { code?: string };
  const text = `${err?.message ?? String(e)}`;
  const where = locateIn(`${text}\n${err?.stack ?? ''}`, file) ?? (err instanceof SyntaxError ? syntaxErrorAt(file) : undefined) ?? { file, line: 1, col: 1 };
  const first = text.split('\n').find((l) => l.trim() !== '' && !/^Transform failed/.test(l)) ?? text;
  const message = first.replace(`${file}:${where.line}:${where.col}: `, '').replace(/^ERROR: /, '');
  const kind = err instanceof SyntaxError || /Transform failed|ERROR:/.test(text) ? 'syntax error' : 'error';
  return {
    loc: where,
    message: `module file does not load (${kind}): ${message}`,
    hint: err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND' ? 'check the import: runbook provides runbook/module-api; other packages must be installed in the project' : 'fix the file; `node --check` shows syntax errors of .js/.mjs files too',
  };
}

/**
 * Where Node sees a syntax error: an ES module's SyntaxError carries no position (Node prints it only for an
 * uncaught one), so `node --check` is asked — once, and only for a file that failed to load.
 */
function syntaxErrorAt(file: string): { file: string; line: number; col: number } | undefined {
  let out = '';
  try {
    execFileSync(process.execPath, ['--check', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    return undefined;
  } catch (e) {
    out = String((e as { stderr?: string }).stderr ?? '');
  }
  const lines = out.split('\n');
  const at = lines.findIndex((l) => /:(\d+)$/.test(l) && (l.includes(file) || l.includes(pathToFileURL(file).href)));
  if (at < 0) return undefined;
  const line = Number(/:(\d+)$/.exec(lines[at]!)![1]);
  const caret = lines[at + 2]?.indexOf('^') ?? -1;
  return { file, line, col: caret >= 0 ? caret + 1 : 1 };
}

/** The first `file:line(:col)` of the module file in an error's text (a path or a file:// URL). */
function locateIn(text: string, file: string): { file: string; line: number; col: number } | undefined {
  for (const name of [pathToFileURL(file).href, file]) {
    const at = text.indexOf(`${name}:`);
    if (at < 0) continue;
    const m = /^:(\d+)(?::(\d+))?/.exec(text.slice(at + name.length));
    if (m) return { file, line: Number(m[1]), col: m[2] ? Number(m[2]) : 1 };
  }
  return undefined;
}
