// The only things an expression may call: global functions (range, lookup…), whitelisted methods of
// strings, lists and dicts (`x.split('.')`, `d.items()`), macros and `loop.cycle`. Nothing from JavaScript is
// ever callable from a template: values are data, and `Callable` is the sandbox's one door.

export type Args = unknown[];
export type Kwargs = Record<string, unknown>;

export class Callable {
  constructor(
    readonly name: string,
    readonly call: (args: Args, kwargs: Kwargs) => unknown,
  ) {}
}
