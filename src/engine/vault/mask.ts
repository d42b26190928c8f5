// Decrypted vault values are secrets: each one is registered here when it is decrypted, and every output
// (reporters' events, plain and live lines, NDJSON, diffs, error messages) goes through `maskText` or
// `maskDeep`, which replace every occurrence with `(secret)`.
//
// A multi-line secret is also registered line by line: a diff prints it one line at a time, each behind
// its `+`/`-`. Values shorter than MIN_SECRET_LENGTH are not masked: masking every `a` or `80` in the output
// would hide the output itself (docs/vault.md says so). What a template derives from a secret (`| b64encode`)
// is another string and is not masked: use no_log for that.

export const MASK = '(secret)';
export const MIN_SECRET_LENGTH = 3;

const secrets = new Set<string>();
/** Longest first, so that a secret containing another is replaced whole; rebuilt when one is added. */
let ordered: string[] = [];

export function registerSecret(value: string): void {
  const parts = [value, ...value.split(/\r?\n/).map((l) => l.trim())];
  let added = false;
  for (const p of parts) {
    if (p.length < MIN_SECRET_LENGTH || secrets.has(p)) continue;
    secrets.add(p);
    added = true;
  }
  if (added) ordered = [...secrets].sort((a, b) => b.length - a.length);
}

/** Every string value (not key) inside a decrypted document is a secret. */
export function registerSecretsIn(value: unknown): void {
  if (typeof value === 'string') registerSecret(value);
  else if (Array.isArray(value)) value.forEach(registerSecretsIn);
  else if (value !== null && typeof value === 'object') Object.values(value).forEach(registerSecretsIn);
}

export function hasSecrets(): boolean {
  return ordered.length > 0;
}

export function maskText(text: string): string {
  if (ordered.length === 0) return text;
  let out = text;
  for (const s of ordered) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}

/**
 * A copy of `value` with every string masked (keys too: a loop item or a dict key may be a secret).
 * Nothing is copied while no secret is registered (a run without a vault).
 */
export function maskDeep<T>(value: T): T {
  if (ordered.length === 0) return value;
  return maskValue(value, new Map()) as T;
}

function maskValue(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  if (value instanceof Error) return new Error(maskText(value.message));
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    value.forEach((v) => out.push(maskValue(v, seen)));
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) out[maskText(k)] = maskValue(v, seen);
  return out;
}

/** Forget every secret (tests). */
export function clearSecrets(): void {
  secrets.clear();
  ordered = [];
}
