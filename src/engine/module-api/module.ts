// The module contract. A module is one object: its name, a params JSON Schema literal (the params type is
// derived from it, so the contract is written once), and `plan`, which reads the host's current state and
// returns the changes needed. "Changed" means "plan returned a change"; check mode is planning without
// applying; diff mode renders each change's diff. A module never guards with `if (check)` by hand.

import type { Connection } from '../connection/types.js';
import type { Infer, SchemaNode } from './schema-types.js';

/** A params schema: always an object with described properties and no unknown keys. */
export type ParamsSchema = SchemaNode & {
  type: 'object';
  additionalProperties: false;
  properties: Readonly<Record<string, SchemaNode & { description: string }>>;
};

export type Params<S extends ParamsSchema> = Infer<S>;

/** Before/after of one thing a change touches, rendered as a unified diff by reporters. */
export interface Diff {
  /** What changed, e.g. the file path or `service nginx`. */
  header: string;
  before: string;
  after: string;
}

export type ResultData = Record<string, unknown>;

interface ChangeBase {
  /** Short human description: `create directory /srv/app`, `mode 0644 -> 0600`. */
  summary: string;
  diff?: Diff;
  /**
   * What the host will read once this change is applied, as fact values keyed like the fact cache
   * (`Fact.key` → the value `parse` would return). In check mode nothing is applied, so the following tasks
   * of the run read these instead of the host: a `copy` into a directory a `file` task would create plans
   * against that directory. Only what the change certainly makes true; anything unsure is left out.
   */
  predicts?: Readonly<Record<string, unknown>>;
}

/**
 * A change made by one command line on the host (every value quoted by engine/quote.ts). The executor runs
 * it; a non-zero exit fails the task with `failure` (default: "<summary> failed") and the command's own words.
 * Being data, a pure planner can return it and a test can compare it.
 */
export interface CommandChange extends ChangeBase {
  run: string;
  /** Directory to run it in (vagrant works on the Vagrantfile of its working directory). */
  cwd?: string;
  /** What a failure says before the command's output: `Unable to start service nginx`. */
  failure?: string;
}

/** A change that needs more than one command line (an atomic put, a reconnect after reboot). */
export interface ActionChange extends ChangeBase {
  /** Make the change on the host. May return data merged into the task result (rc, stdout...). */
  apply(): Promise<ResultData | void>;
}

/** One thing that differs from the desired state, and how to make it right: the one shape every module plans in. */
export type Change = CommandChange | ActionChange;

export interface Plan {
  /** Empty ⇔ the host is already as asked (`changed: false`). */
  changes: Change[];
  /** Why nothing needs doing, shown for a no-op: `line already present in /etc/hosts`. */
  reason?: string;
  /** Result data known at plan time (e.g. `stat`, `msg` of debug), kept in the registered result. */
  data?: ResultData;
  /**
   * Set when check mode cannot tell what would happen (a command with no `creates`): in check mode the
   * task is reported skipped with this reason instead of changed.
   */
  unpredictable?: string;
  /** Variables to set for this host (set_fact). */
  facts?: Record<string, unknown>;
  /**
   * Facts the module read (service_facts, package_facts): added to the host's gathered facts, so a play sees
   * them as `ansible_facts.<name>` and as `<name>`, as Ansible stores a module's `ansible_facts`.
   */
  hostFacts?: Record<string, unknown>;
}

/**
 * A read of host state: a command and a parser. Several facts are fetched in one round trip; results are
 * cached per host until a change is applied on it. `key` must identify the question (`stat:/etc/hosts`).
 */
export interface Fact<T> {
  key: string;
  command: string;
  parse(stdout: string, code: number, stderr: string): T;
  /**
   * What `command` reads, said as data, so the batcher may answer it with shell builtins and one
   * multi-path `stat`/`sha256sum` call for the whole batch (execute/fact-script.ts) instead of running the
   * command in a subshell. The answer is the output `command` would have printed, so `parse` is the same;
   * whenever the batcher cannot be sure of that (a link, a binary file, a race), it runs `command`.
   */
  query?: FileQuery;
}

/** A read the fact batcher knows how to answer itself (see `Fact.query`). */
export type FileQuery =
  | { op: 'stat'; path: string; follow: boolean; checksum: boolean }
  | { op: 'content'; path: string; limit: number }
  | { op: 'glob'; pattern: string }
  /** Whether the path is a directory, links followed: the shell's `[ -d ]`, no process. */
  | { op: 'isdir'; path: string };

export type FactValue<F> = F extends Fact<infer T> ? T : never;

export interface ModuleContext {
  /** Inventory name of the host. */
  readonly host: string;
  /** The playbook's directory on the controller: relative controller paths (fetch's dest) are resolved there, as Ansible's path_dwim does. */
  readonly playbookDir: string;
  readonly check: boolean;
  readonly diff: boolean;
  /** The host's connection, with become applied when the task asks for it. */
  readonly conn: Connection;
  /** Fetch facts in one round trip (cached facts are not fetched again). */
  facts<const F extends readonly Fact<unknown>[]>(...facts: F): Promise<{ [K in keyof F]: FactValue<F[K]> }>;
  /** All variables the task sees (hostvars, facts, registered results...). */
  readonly vars: Record<string, unknown>;
  /** Evaluate a condition expression against the task's variables (assert `that`). */
  evaluate(expression: string): unknown;
  /** Render template text with the task's variables (handlebars, strict). */
  render(text: string, name: string): string;
  /** Find a controller-side file: role `templates/`/`files/` first, then relative to the playbook. */
  findFile(kind: 'templates' | 'files', path: string): Promise<string>;
  readonly signal: AbortSignal;
  warn(message: string): void;
  /**
   * Drop the host's connection and open a new one (after a reboot); retried by the caller until it works
   * or its own deadline passes. Returns the new connection with the task's become/env applied.
   */
  reconnect(): Promise<Connection>;
}

export interface ModuleDef<S extends ParamsSchema = ParamsSchema> {
  name: string;
  /** One line for `runbook modules` and the generated docs. */
  summary: string;
  params: S;
  /** When the module's value may be a plain string (`command: ls -l`), the param it fills. */
  freeForm?: string;
  /**
   * Other names of params, alias → param, exactly as the Ansible module of the same name declares them in
   * its argument_spec (lineinfile `dest: 'path'`), so that ported playbooks work unchanged. Compile renames
   * them to the param before checking the arguments, so `plan` only ever sees the param; a param written
   * under two of its names is an error. Only aliases Ansible really has: runbook invents none.
   */
  aliases?: Readonly<Record<string, Extract<keyof S['properties'], string>>>;
  /** Modules that only use the controller (debug, set_fact, assert, fail) need no connection. */
  controllerOnly?: boolean;
  /**
   * False when the module's reads must happen exactly when the task runs (they wait, or depend on time):
   * the executor then never fetches them ahead together with earlier tasks' reads.
   */
  prefetch?: boolean;
  /**
   * Params naming a file on the controller (`file_template.src` in `templates/`, `copy.src` in `files/`):
   * compile checks that it exists when the value is not templated, so a typo fails before any host is touched.
   */
  controllerFiles?: readonly { param: string; kind: 'templates' | 'files' }[];
  plan(ctx: ModuleContext, params: Params<S>): Promise<Plan>;
}

/** Declare a module; `const S` keeps the schema literal so its params type is exact. */
export function defineModule<const S extends ParamsSchema>(def: ModuleDef<S>): ModuleDef<S> {
  return def;
}

/** Any module, for the registry (params type erased). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = ModuleDef<any>;

export { ModuleFailure } from '../errors.js';
