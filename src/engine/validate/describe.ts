// Plain-words descriptions of JSON paths, values and JSON Schema types, for error messages.

/** ajv's instancePath (`/0/tasks/2/debug`) as path segments, JSON-pointer escapes undone. */
export function pathSegments(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const isIndex = (s: string) => /^\d+$/.test(s);

/** The name a user sees for a path: its last key plus any list indexes after it (`tags[1]`, `verbosity`). */
export function labelOf(path: readonly string[]): string {
  let i = path.length - 1;
  while (i >= 0 && isIndex(path[i]!)) i--;
  if (i < 0) return path.length === 0 ? 'the document' : `item ${Number(path[path.length - 1]) + 1}`;
  return path[i]! + path.slice(i + 1).map((n) => `[${n}]`).join('');
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'a mapping';
    default:
      return String(value);
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true/false)',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

/** `["string","boolean"]` or `"string,boolean"` → `a string or a boolean (true/false)`. */
export function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',');
  const words = types.map((t) => TYPE_WORDS[t] ?? t);
  return words.length <= 2 ? words.join(' or ') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
