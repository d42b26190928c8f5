// Syntax checkers that live in other stages, loaded when present. HOOK: `src/engine/condition.ts`
// (checkExpressionSyntax) and `src/engine/inventory/patterns.ts` (parsePattern) were being written at the
// same time as compile; until they exist, compile skips those two checks instead of failing. Once both
// are in the tree, replace these loaders with static imports.

/** Returns an error message for a bad expression, or undefined when it parses. */
export type ExpressionChecker = (expr: string) => string | undefined;
/** Returns an error message for a bad host pattern, or undefined when it parses. */
export type PatternChecker = (pattern: string) => string | undefined;

async function optionalModule(specifier: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (e) {
    // Only the module itself being absent is expected; anything else (a bug inside it) must surface.
    const missing = (e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    if (missing && String((e as Error).message).includes(specifier.replace(/^(\.\.\/)+|\.js$/g, ''))) return undefined;
    throw e;
  }
}

export async function loadExpressionChecker(): Promise<ExpressionChecker | undefined> {
  const m = await optionalModule('../condition.js');
  return typeof m?.checkExpressionSyntax === 'function' ? (m.checkExpressionSyntax as ExpressionChecker) : undefined;
}

export async function loadPatternChecker(): Promise<PatternChecker | undefined> {
  const m = await optionalModule('../inventory/patterns.js');
  if (typeof m?.parsePattern !== 'function') return undefined;
  const parse = m.parsePattern as (text: string) => unknown;
  return (pattern) => {
    try {
      parse(pattern);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };
}
