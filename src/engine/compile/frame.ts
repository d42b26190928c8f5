// What each level (play, role, block, import) hands down to the tasks inside it while compiling, and
// what one play's compilation accumulates.

import type { Loc } from '../errors.js';
import type { CompileContext } from './context.js';
import type { CompiledHandler, CompiledTask, Condition, Inherited, TaskScope, Vars } from './types.js';
import type { Mapping } from './keywords.js';

export interface Frame {
  /** Absolute path of the file the task list is written in; imports are relative to its directory. */
  file: string;
  /** Effective tags so far (play → role → block → import). */
  tags: string[];
  /** Conditions of the enclosing role entries, blocks and imports, outer first. */
  when: Condition[];
  inherited: Inherited;
  scope: TaskScope;
  /** Files being imported, outermost first, to refuse an import cycle. */
  imports: string[];
  /** Play vars: with extra vars, what a templated import path may use. */
  vars: Vars;
  /** The innermost enclosing block that has `notify:`: its entries are the notify of a task without one. */
  notifyFrom?: Mapping;
}

/** A `notify:` entry, resolved against the play's handlers once they are all known. */
export interface NotifyRef {
  task: CompiledTask;
  index: number;
  loc: Loc;
}

export interface PlayState {
  ctx: CompileContext;
  notifies: NotifyRef[];
  /**
   * Names and topics of every handler written in the play, including those that did not compile (their
   * problem is already reported), so that notifying them adds no second, misleading problem.
   */
  declaredHandlers: Set<string>;
  /** Directory of the play's file: where roles are looked for. */
  playDir: string;
  /** Roles brought in by include_role/import_role, whose handlers join the play's. */
  includedHandlers: IncludedHandlers[];
  /** The play's handlers once compiled: what a file included at run time notifies. */
  handlers?: CompiledHandler[];
}

/** The handlers file of a role that include_role/import_role brought in, and the frame to compile it in. */
export interface IncludedHandlers {
  roleDir: string;
  file: string;
  value: unknown;
  frame: Frame;
}

/** Stable node ids within a play: `p0.t3`, then `p0.t3.b0` (block), `.r0` (rescue), `.a0` (always). */
export class IdGen {
  private n = 0;
  constructor(
    private readonly prefix: string,
    private readonly letter: string,
  ) {}
  next(): string {
    return `${this.prefix}${this.letter}${this.n++}`;
  }
}
