// The compiled plan: what `compile` hands to the executor and to `--list-*`. Roles, imports, vars files,
// tags and handler names are all resolved; only values that depend on a host (templates, conditions,
// loops) are left for run time. Every node keeps the place in the source it came from.

import type { Loc, Problem } from '../errors.js';
import type { AnyModule } from '../module-api/module.js';

export type Vars = Record<string, unknown>;

/** A condition to evaluate at run time (`when`, `changed_when`, `failed_when`, `until`). */
export interface Condition {
  /** Expression source; or a boolean written literally in YAML. */
  expr: string | boolean;
  loc: Loc;
}

/** Where a task came from, for templates/files lookup and role-scoped variables. */
export interface RoleRef {
  name: string;
  /** Absolute path of the role directory. */
  dir: string;
}

/**
 * Variables introduced around a task, from outer to inner. Precedence (low → high) at run time:
 * role defaults, inventory all/group/host vars, facts, play vars + vars_files, role vars, block vars
 * (outer block first), task vars, registered results and set_fact, extra vars.
 */
export interface TaskScope {
  role?: RoleRef;
  /** Defaults of the task's own role (and its dependencies), applied over the play's roleDefaults. */
  roleDefaults?: Vars;
  roleVars?: Vars;
  blockVars: Vars[];
  taskVars?: Vars;
}

/** Keywords that blocks, roles and plays pass down to the tasks inside them. */
export interface Inherited {
  /** true/false, or a template decided on each host (`become: "{{ need_root }}"`). */
  become?: boolean | string;
  become_user?: string;
  environment?: Record<string, unknown> | string;
  ignore_errors?: boolean | string;
  no_log?: boolean | string;
  check_mode?: boolean | string;
  delegate_to?: string;
  run_once?: boolean;
  any_errors_fatal?: boolean;
  timeout?: number;
  /** The user to log in as, when the inventory names none. */
  remote_user?: string;
  /** Show (or not) this task's diffs, whatever --diff says. */
  diff?: boolean;
}

interface NodeBase extends Inherited {
  /** Stable id within the playbook: `p0.t3`, `p0.t3.b1`. */
  id: string;
  loc: Loc;
  name: string;
  /** Effective tags: own plus inherited from play, role, block, import. */
  tags: string[];
  /** Inherited and own `when`, all must hold. */
  when: Condition[];
  scope: TaskScope;
}

export interface LoopControl {
  loop_var: string;
  index_var?: string;
  label?: string;
  pause?: number;
  /** ansible_loop gets revindex, revindex0, previtem, nextitem and (unless extended_allitems is false) allitems. */
  extended?: boolean;
  extended_allitems?: boolean;
}

export interface CompiledTask extends NodeBase {
  kind: 'task';
  /** The module's name, as reports show it. */
  module: string;
  /** The module object, resolved once from the registry compile was handed. */
  mod: AnyModule;
  /** Module arguments as written (k=v and free-form already normalised to an object); templated at run time. */
  args: Record<string, unknown>;
  /** `loop:` as written; for `with_<name>:`, the lookup's terms. */
  loop?: unknown;
  /** Written as `with_<name>`: the items are lookup('<name>', terms) at run time. */
  loop_with?: string;
  loop_control?: LoopControl;
  register?: string;
  notify: string[];
  changed_when?: Condition[];
  failed_when?: Condition[];
  until?: Condition;
  retries?: number;
  delay?: number;
}

export interface CompiledBlock extends NodeBase {
  kind: 'block';
  block: TaskNode[];
  rescue: TaskNode[];
  always: TaskNode[];
}

/** `meta: flush_handlers` (also inserted by compile between pre_tasks, roles+tasks and post_tasks). */
export interface FlushHandlers {
  kind: 'flush_handlers';
  id: string;
  loc: Loc;
  name: string;
  tags: string[];
  /** Inserted by runbook between play sections rather than written by the user; never listed. */
  implicit: boolean;
}

/** The `meta:` actions runbook carries out (flush_handlers has its own node). */
export const META_ACTIONS = ['noop', 'end_play', 'end_host', 'end_batch', 'clear_facts', 'clear_host_errors', 'reset_connection'] as const;
export type MetaAction = (typeof META_ACTIONS)[number];

/** `meta: end_host` and the other actions on the play's run itself; `when` is decided per host. */
export interface MetaTask {
  kind: 'meta';
  action: MetaAction;
  id: string;
  loc: Loc;
  name: string;
  tags: string[];
  when: Condition[];
  scope: TaskScope;
}

/**
 * `include_tasks:` / `include_role:` with Ansible's run-time semantics: `when`, `tags` and `loop` belong to
 * the include itself; the target (a file or a role, possibly a template over facts or the loop item) is
 * resolved on each host when the include is reached (execute/include-runner.ts).
 */
export interface CompiledInclude extends NodeBase {
  kind: 'include';
  action: 'include_tasks' | 'include_role';
  /** The file or role as written: a template, rendered per host (and per item). */
  target: string;
  loop?: unknown;
  loop_with?: string;
  loop_control?: LoopControl;
  /** How many of the children's blockVars come from outside the include: the item's vars go right after. */
  outerVars: number;
  /** The tasks of targets that could be resolved before the run (without facts), by rendered target. */
  resolved: Record<string, TaskNode[]>;
  /** Compiles a target known only on a host; throws an InvalidInputError with the file's problems. */
  load(target: string): Promise<TaskNode[]>;
}

export type TaskNode = CompiledTask | CompiledBlock | FlushHandlers | MetaTask | CompiledInclude;

export interface CompiledHandler extends CompiledTask {
  /** Topics this handler also answers to (`listen`). */
  listen: string[];
}

export interface PlayOptions extends Inherited {
  gather_facts: boolean;
  /** Batch sizes: numbers or percentages ('30%'); the last repeats. */
  serial?: (number | string)[];
  connection?: 'local' | 'ssh';
  max_fail_percentage?: number;
  become_password?: string;
}

/** One `vars_prompt:` entry: asked when the play starts (execute/vars-prompt.ts). */
export interface VarsPrompt {
  name: string;
  prompt: string;
  /** Hide the answer (Ansible's default). */
  private: boolean;
  default?: unknown;
  confirm: boolean;
  loc: Loc;
}

export interface CompiledPlay {
  id: string;
  loc: Loc;
  name: string;
  /** Host pattern (`all`, `web:&prod`, `!db`); may contain `{{ }}` over extra vars. */
  hosts: string;
  /** Play vars, then each vars_files file in order. */
  vars: Vars;
  /** `vars_prompt:` entries, asked at the start of the play; their answers join the play vars. */
  prompts: VarsPrompt[];
  /** Defaults of every role in the play, merged in role order (lowest precedence). */
  roleDefaults: Vars;
  options: PlayOptions;
  tags: string[];
  tasks: TaskNode[];
  handlers: CompiledHandler[];
}

export interface CompiledPlaybook {
  /** Absolute path of the playbook file. */
  file: string;
  /** Directory of the playbook; roles are looked up in `<dir>/roles`, then `<dir>/../roles`. */
  dir: string;
  plays: CompiledPlay[];
  /** Things worth a look but not an error (`when: "{{ x }}"`, include_tasks made static), located; shown by validate and apply. */
  warnings: Problem[];
  /** What validate could not check before the run (an include that needs facts), located; never a problem. */
  notes: Problem[];
}
