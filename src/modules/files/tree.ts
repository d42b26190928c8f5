// `file: recurse=yes`: the attributes of everything below a directory. One fact lists each entry's stat
// (the path NUL-terminated, so any name survives), planning finds the entries that differ, and applying
// fixes only those kinds of attribute with one `find … -exec`.

import { cmd } from '../../engine/quote.js';
import type { Change, Fact, ModuleContext } from '../../engine/module-api/module.js';
import { attrDelta, runOrFail, type AttrParams } from './attrs.js';
import { parseStat, type FileStat } from './file-state.js';

export interface TreeEntry {
  path: string;
  stat: FileStat;
}

/** Every entry below `dir` (not dir itself), links not followed; none when dir does not exist. */
export function treeFact(dir: string): Fact<TreeEntry[]> {
  const each = `u=$(umask); for f do printf '%s\\n' "$u"; stat -c '%f %a %u %g %s %i %d %h %U %G' -- "$f" || exit 1; printf '%s\\0' "$f"; done`;
  return {
    key: `tree:${dir}`,
    // A missing directory has no entries (it may be about to be created).
    command: cmd`[ -d ${dir} ] || exit 0
find ${findRoot(dir)} -mindepth 1 -exec sh -c ${each} sh {} +`,
    parse(stdout, code, stderr) {
      if (code !== 0) throw new Error(`could not list ${dir}: ${stderr.trim() || `exit code ${code}`}`);
      const entries: TreeEntry[] = [];
      let at = 0;
      while (at < stdout.length) {
        const statEnd = stdout.indexOf('\n', stdout.indexOf('\n', at) + 1);
        const pathEnd = stdout.indexOf('\0', statEnd);
        entries.push({ stat: parseStat(stdout.slice(at, statEnd + 1)), path: stdout.slice(statEnd + 1, pathEnd) });
        at = pathEnd + 1;
      }
      return entries;
    },
  };
}

const SHOWN = 20;

/** The change making every entry below `dir` have the asked attributes, or undefined when all do. */
export async function recurseChange(ctx: ModuleContext, dir: string, want: AttrParams): Promise<Change | undefined> {
  if (want.mode === undefined && want.owner === undefined && want.group === undefined) return undefined;
  const [entries] = await ctx.facts(treeFact(dir));
  const differing = entries.map((e) => ({ e, d: attrDelta(e.stat, want) })).filter((x) => x.d.items.length > 0);
  if (differing.length === 0) return undefined;
  const kinds = new Set(differing.flatMap((x) => x.d.items.map((it) => it[0])));
  const lines = (col: 1 | 2) =>
    differing
      .slice(0, SHOWN)
      .map(({ e, d }) => `${e.path}: ${d.items.map((it) => `${it[0]} ${it[col]}`).join(', ')}\n`)
      .join('') + (differing.length > SHOWN ? `… and ${differing.length - SHOWN} more\n` : '');
  return {
    summary: `${dir}: set ${[...kinds].join(', ')} recursively (${differing.length} entries differ)`,
    diff: { header: `${dir} (contents, file attributes)`, before: lines(1), after: lines(2) },
    apply: async () => {
      const steps: string[] = [];
      if (kinds.has('owner')) steps.push(cmd`chown -R -h -- ${want.owner!} ${dir}`);
      if (kinds.has('group')) steps.push(cmd`chgrp -R -h -- ${want.group!} ${dir}`);
      // Links have no mode of their own; chmod would change their targets instead.
      if (kinds.has('mode')) steps.push(cmd`find ${findRoot(dir)} -mindepth 1 ! -type l -exec chmod -- ${modeArg(want.mode!)} {} +`);
      await runOrFail(ctx.conn, steps.join(' && '), `setting attributes below ${dir}`);
    },
  };
}

/** find has no `--`: a start path beginning with `-` would be read as an expression. */
function findRoot(dir: string): string {
  return dir.startsWith('-') ? `./${dir}` : dir;
}

function modeArg(mode: string | number): string {
  return typeof mode === 'number' ? mode.toString(8).padStart(4, '0') : mode;
}
