// The handful of named errors runbook raises. Each has a stable code, a location when the problem is in a
// file the user wrote, and a hint that says how to fix it. The CLI maps them to exit codes.

/** A position in a source file; line and col are 1-based. */
export interface Loc {
  file: string;
  line: number;
  col: number;
}

export function formatLoc(loc: Loc | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : '';
}

export interface Problem {
  loc?: Loc;
  message: string;
  hint?: string;
  /** The problem is only that runbook lacks the module a task names (a file no host reaches may have it). */
  missingModule?: true;
}

export function formatProblem(p: Problem): string {
  const where = p.loc ? `${formatLoc(p.loc)}: ` : '';
  return p.hint ? `${where}${p.message}\n  hint: ${p.hint}` : `${where}${p.message}`;
}

export abstract class RunbookError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly loc?: Loc,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  /** `file:line:col: message` plus the hint on its own line. */
  describe(): string {
    return formatProblem({ loc: this.loc, message: this.message, hint: this.hint });
  }
}

/**
 * Input the user wrote is wrong (YAML, schema, unknown role or handler, bad pattern...). Carries every
 * problem found, so one run reports them all. Exit code 1; no host has been touched.
 */
export class InvalidInputError extends RunbookError {
  readonly code = 'invalid-input';
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'), problems[0]?.loc, problems[0]?.hint);
  }
  override describe(): string {
    return this.message;
  }
}

/** A `{{ }}` template or a condition could not be evaluated (undefined variable, syntax). */
export class TemplateError extends RunbookError {
  readonly code = 'template';
}

/** A module's parameters are wrong after templating, or its planning/applying failed on the host. */
export class ModuleFailure extends RunbookError {
  readonly code = 'module-failed';
  constructor(
    message: string,
    /** Module-specific data to keep in the task result (rc, stdout, stderr...). */
    readonly data: Record<string, unknown> = {},
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, undefined, options?.hint, options);
  }
}

/**
 * What the task works on is not on the host (a directory, a file, a unit, a .deb). In check mode, after an
 * earlier task of the run planned a change on the same host (not applied: it may be what makes it), the
 * task is reported skipped as depending on that pending change rather than failed.
 */
export class MissingOnHost extends ModuleFailure {}

/** The host could not be reached or the connection broke; the host is marked unreachable. */
export class UnreachableError extends RunbookError {
  readonly code: string = 'unreachable';
}

/** The host's SSH key differs from the one recorded in known_hosts: refused, never overridden. */
export class HostKeyMismatchError extends UnreachableError {
  override readonly code = 'host-key-mismatch';
}

/** Become (sudo) failed: wrong password, password required, user not allowed. */
export class BecomeError extends RunbookError {
  readonly code = 'become';
}

/** A command exceeded its timeout. */
export class TimeoutError extends RunbookError {
  readonly code = 'timeout';
}

/** The run was interrupted (Ctrl-C); exit code 130. */
export class InterruptedError extends RunbookError {
  readonly code = 'interrupted';
}

/** Process exit codes, as documented in README and `runbook --help`. */
export const ExitCode = {
  ok: 0,
  invalid: 1,
  failed: 2,
  drift: 3,
  unreachable: 4,
  /** `apply PLANFILE`: a host, the playbook or runbook moved since the plan; nothing was changed. */
  planMoved: 5,
  interrupted: 130,
} as const;
