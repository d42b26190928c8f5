// What compiling one playbook shares: the problems found so far (all are reported, compile never stops at
// the first), the warnings (reported, never fatal), loaded files (each read and checked once), and the variables known before any host is
// contacted (extra vars), for templated file paths.

import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { InvalidInputError, type Loc, type Problem } from '../errors.js';
import { loadYaml, type LoadedYaml } from '../load/yaml.js';
import { renderString } from '../expressions/template.js';
import type { ModuleRegistry } from '../module-api/registry.js';
import { templateProblems } from './template-check.js';
import type { Vars } from './types.js';

/** How a file was referred to: where, and as what (`tasks file`, `vars file`), for "not found" problems. */
export interface FileRef {
  loc?: Loc;
  what: string;
}

export class CompileContext {
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];
  /** What validate could not check before the run and why (an include resolved on each host): no problem. */
  readonly notes: Problem[] = [];
  private readonly loaded = new Map<string, Promise<LoadedYaml | undefined>>();

  constructor(
    /** Directory of the top-level playbook (controller files are looked up next to it). */
    readonly playbookDir: string,
    readonly extraVars: Vars,
    /** The modules tasks may name. */
    readonly modules: ModuleRegistry,
  ) {}

  report(...problems: Problem[]): void {
    this.problems.push(...problems);
  }

  /** Something that works but may not do what a reader (or an Ansible user) expects; never stops the run. */
  warn(...warnings: Problem[]): void {
    this.warnings.push(...warnings);
  }

  note(...notes: Problem[]): void {
    this.notes.push(...notes);
  }

  /**
   * Read a YAML file and check it (`check` returns its schema problems), once per file and check. Returns
   * undefined when the file is missing or not valid YAML; problems are reported either way.
   */
  load(file: string, check: (doc: LoadedYaml) => Problem[], ref: FileRef, checkName: string): Promise<LoadedYaml | undefined> {
    const key = `${checkName}:${file}`;
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = this.read(file, check, ref);
      this.loaded.set(key, pending);
    }
    return pending;
  }

  private async read(file: string, check: (doc: LoadedYaml) => Problem[], ref: FileRef): Promise<LoadedYaml | undefined> {
    if (!existsSync(file)) {
      this.report({ loc: ref.loc, message: `${ref.what} not found: ${displayPath(file)}`, hint: `looked for ${file}` });
      return undefined;
    }
    try {
      const doc = await loadYaml(displayPath(file));
      // An empty file is an empty list or mapping, as in Ansible; it has nothing to check.
      if (doc.value !== null) {
        this.report(...check(doc));
        const templates = templateProblems(doc.value, { file: displayPath(file), line: 1, col: 1 });
        this.report(...templates.problems);
        this.warn(...templates.warnings);
      }
      return doc;
    } catch (e) {
      if (e instanceof InvalidInputError) {
        this.report(...e.problems);
        return undefined;
      }
      throw e;
    }
  }

  /**
   * A file path that may be a template over extra vars (and play vars): `vars/{{ env }}.yaml`. Reports a
   * problem and returns undefined when it cannot be rendered before any host is contacted.
   */
  renderPath(text: string, vars: Vars, loc: Loc | undefined): string | undefined {
    if (!text.includes('{{')) return text;
    try {
      const value = renderString(text, { ...vars, ...this.extraVars }, loc);
      return String(value);
    } catch (e) {
      this.report({
        loc,
        message: `cannot resolve the path ${JSON.stringify(text)} before the run: ${(e as Error).message}`,
        hint: 'file paths are resolved when the playbook is compiled; only extra vars (-e) and play vars are known then',
      });
      return undefined;
    }
  }
}

/**
 * `text` rendered over play vars and extra vars, or why it cannot be before the run (an undefined variable:
 * a fact, the loop item, a host's vars). Reports nothing.
 */
export function tryRender(ctx: CompileContext, text: string, vars: Vars): { value: string } | { reason: string } {
  if (!text.includes('{{') && !text.includes('{%')) return { value: text };
  try {
    return { value: String(renderString(text, { ...vars, ...ctx.extraVars }, undefined)) };
  } catch (e) {
    return { reason: (e as Error).message };
  }
}

/** A path as shown in messages: relative to the current directory when below it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(file);
}
