// The expression tree the parser builds and the evaluator walks. `at` is the offset of the node in its source.

export type Node =
  | { t: 'lit'; v: unknown }
  | { t: 'name'; name: string; at: number }
  | { t: 'attr'; obj: Node; key: string; at: number }
  | { t: 'item'; obj: Node; index: Node; at: number }
  | { t: 'slice'; obj: Node; start?: Node; stop?: Node; step?: Node; at: number }
  | { t: 'list' | 'tuple'; items: Node[] }
  | { t: 'dict'; pairs: [Node, Node][] }
  | { t: 'unary'; op: 'not' | '-' | '+'; x: Node }
  | { t: 'bin'; op: string; a: Node; b: Node; at: number }
  | { t: 'and' | 'or'; a: Node; b: Node }
  | { t: 'cond'; test: Node; yes: Node; no?: Node }
  | { t: 'concat'; items: Node[] }
  | { t: 'filter'; x: Node | null; name: string; args: Node[]; kwargs: [string, Node][]; at: number }
  | { t: 'test'; x: Node; name: string; args: Node[]; negate: boolean; at: number }
  | { t: 'call'; fn: Node; args: Node[]; kwargs: [string, Node][]; at: number };
