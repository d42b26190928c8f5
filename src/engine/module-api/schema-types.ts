// Derive a TypeScript type from a params schema literal, so each module writes its contract once. Covers
// the JSON Schema subset modules use (type, enum, const, items, properties, required, default, anyOf,
// oneOf). Properties that are required or have a default are non-optional: ajv fills defaults in.

export interface SchemaNode {
  type?: SchemaType | readonly SchemaType[];
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  const?: unknown;
  items?: SchemaNode;
  properties?: Readonly<Record<string, SchemaNode>>;
  required?: readonly string[];
  additionalProperties?: boolean | SchemaNode;
  anyOf?: readonly SchemaNode[];
  oneOf?: readonly SchemaNode[];
  [keyword: string]: unknown;
}
type SchemaType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null';

type TypeOf<T, S> = T extends 'string'
  ? string
  : T extends 'integer' | 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? S extends { items: infer I } ? Infer<I>[] : unknown[]
          : T extends 'object'
            ? ObjectOf<S>
            : unknown;

type ObjectOf<S> = S extends { properties: infer P }
  ? Flatten<
      { -readonly [K in keyof P as K extends Present<S, P> ? K : never]: Infer<P[K]> } & {
        -readonly [K in keyof P as K extends Present<S, P> ? never : K]?: Infer<P[K]>;
      }
    >
  : Record<string, unknown>;

type Present<S, P> =
  | (S extends { required: readonly (infer R)[] } ? R : never)
  | { [K in keyof P]: P[K] extends { default: unknown } ? K : never }[keyof P];

type Flatten<T> = { [K in keyof T]: T[K] };

export type Infer<S> = S extends { const: infer C }
  ? C
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { anyOf: readonly (infer A)[] }
      ? Infer<A>
      : S extends { oneOf: readonly (infer A)[] }
        ? Infer<A>
        : S extends { type: readonly (infer T)[] }
          ? TypeOf<T, S>
          : S extends { type: infer T }
            ? TypeOf<T, S>
            : unknown;
