// Run an async function over items with at most `limit` in flight (the `--forks` bound). Every started item
// finishes before this returns — even when one fails or the run is aborted — so no work is left running
// behind the caller's back; the first error is then rethrown. Results keep the items' order.

export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length && errors.length === 0 && !signal?.aborted) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!, i);
      } catch (e) {
        errors.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (errors.length > 0) throw errors[0];
  return results;
}
