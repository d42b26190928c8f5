// Where a compiled play's `hosts:` value was written. The compiled plan keeps only the play's own
// location, so the play's file is read again (once) to point at the pattern itself.

import type { Loc } from '../engine/errors.js';
import type { CompiledPlay } from '../engine/compile/types.js';
import { loadYaml, locOf, positionsOf } from '../engine/load/yaml.js';

const docs = new Map<string, Promise<unknown>>();

export async function hostsLoc(play: CompiledPlay): Promise<Loc> {
  const { file } = play.loc;
  if (!docs.has(file)) docs.set(file, loadYaml(file).then((d) => d.value, () => undefined));
  const entries = await docs.get(file);
  const at = positionsOf(entries)?.values ?? {};
  const index = Object.keys(at).find((i) => at[i]!.line === play.loc.line && at[i]!.col === play.loc.col);
  const entry = index === undefined || !Array.isArray(entries) ? undefined : (entries[Number(index)] as unknown);
  return locOf(entry, 'hosts', 'value', play.loc) ?? play.loc;
}
