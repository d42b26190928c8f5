// Catching the error a test expects, so it can be inspected (uvu's assert.throws only says whether).

/** The error `p` rejects with; fails the test when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** The error `fn` throws, which must be an instance of `type`; fails the test otherwise. */
export function thrown<E extends Error>(type: new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw new Error(`expected a ${type.name}, got ${String(e)}`);
  }
  throw new Error(`expected a ${type.name}`);
}
