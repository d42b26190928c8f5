// The fact batcher behind `ModuleContext.facts(...)`: every fact not yet cached is fetched in ONE command,
// so a task that finds nothing to do costs one round trip. Each fact runs in its own subshell; after it, a
// line with a per-call random marker, the fact's index and its exit code is printed on stdout (and the
// marker alone on stderr), which splits the output back into one (stdout, code, stderr) per fact. The
// marker is 128 random bits chosen after the facts were built, so no file a fact prints can forge it.

import { randomBytes } from 'node:crypto';
import type { Connection, ThenRead } from '../connection/types.js';
import { shC } from '../quote.js';
import { answerable, fastBatchScript } from './fact-script.js';
import type { Fact, FactValue } from '../module-api/module.js';

/** Below Linux's 128 KiB limit on one argument (MAX_ARG_STRLEN), with room for quoting and a wrapper. */
const MAX_SCRIPT_CHARS = 96 * 1024;

type FactResults<F extends readonly Fact<unknown>[]> = { [K in keyof F]: FactValue<F[K]> };

interface RawOutput {
  stdout: string;
  code: number;
  stderr: string;
}

export class HostFacts {
  /** Pending or settled reads, by fact key; a promise so two concurrent asks share one fetch. */
  private readonly cache = new Map<string, Promise<unknown>>();

  /**
   * `predicted`: in check mode, what earlier planned changes will make the host read (Change.predicts), shared
   * by every cache of the host. It wins over the host: that is what the host will hold when the run applies.
   */
  constructor(
    private readonly conn: Connection,
    private readonly predicted: ReadonlyMap<string, unknown> = new Map(),
  ) {}

  async fetch<const F extends readonly Fact<unknown>[]>(...facts: F): Promise<FactResults<F>> {
    const missing = new Map<string, Fact<unknown>>();
    for (const f of facts) if (!this.has(f.key) && !missing.has(f.key)) missing.set(f.key, f);
    if (missing.size > 0) {
      const batch = [...missing.values()];
      this.store(batch, this.run(batch));
    }
    return (await Promise.all(facts.map((f) => (this.predicted.has(f.key) ? this.predicted.get(f.key) : this.cache.get(f.key))))) as FactResults<F>;
  }

  /**
   * Reads to send along with a write (ThenRead), read on the host once the write is done. Their answers enter
   * the cache only by `adopt`, which the executor calls when nothing else has changed the host since.
   */
  carried(facts: readonly Fact<unknown>[]): { then: ThenRead; adopt(): void } | undefined {
    const batch = [...new Map(facts.filter((f) => !this.predicted.has(f.key)).map((f) => [f.key, f])).values()];
    if (batch.length === 0) return undefined;
    const s = this.script(batch);
    // The write's own script shares the one argument of `sh -c` (Linux: 128 KiB at most).
    if (s.script.length > MAX_SCRIPT_CHARS / 2) return undefined;
    let taken: { stdout: Buffer; stderr: string; code: number } | undefined;
    return {
      then: { script: s.script, marker: `${s.marker}-then`, take: (o) => (taken = o) },
      adopt: () => {
        if (!taken) return;
        let outs: Promise<RawOutput[]>;
        try {
          outs = this.outputs(batch, s, taken);
        } catch {
          return; // cut short: the next task reads for itself
        }
        this.store(batch, outs);
      },
    };
  }

  /** Cache each fact's parsed answer from a batch's outputs (in flight: two asks share them). */
  private store(batch: readonly Fact<unknown>[], raw: Promise<RawOutput[]>): void {
    batch.forEach((f, i) => {
      const value = raw.then((outs) => f.parse(outs[i]!.stdout, outs[i]!.code, outs[i]!.stderr));
      // A failed read is not cached: the next task asks again.
      value.catch(() => this.cache.get(f.key) === value && this.cache.delete(f.key));
      this.cache.set(f.key, value);
    });
  }

  /** Whether a read is cached (settled or in flight) or predicted: asking for it costs no round trip. */
  has(key: string): boolean {
    return this.predicted.has(key) || this.cache.has(key);
  }

  /** Forget every cached read (the executor calls it after a change was applied on the host). */
  invalidate(): void {
    this.cache.clear();
  }

  private async run(batch: Fact<unknown>[]): Promise<RawOutput[]> {
    const s = this.script(batch);
    // The script is one argument of `sh -c`, and Linux refuses one longer than 128 KiB: a batch that
    // large (a wide read-ahead) is sent in halves.
    if (s.script.length > MAX_SCRIPT_CHARS && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      const [a, b] = await Promise.all([this.run(batch.slice(0, half)), this.run(batch.slice(half))]);
      return [...a, ...b];
    }
    // One simple `sh -c` command, so that a connection prefixing `env K=V` (task environment) or sudo
    // applies to the whole script rather than breaking its first line.
    return this.outputs(batch, s, await this.conn.execBuffer(shC(s.script)));
  }

  /** The batch's script, with the marker that separates its outputs and whether builtins answer (fast). */
  private script(batch: readonly Fact<unknown>[]): { script: string; marker: string; fast: boolean } {
    const marker = newMarker();
    const fast = !this.conn.plainFacts && batch.some(answerable);
    return { script: fast ? fastBatchScript(batch, marker) : batchScript(batch, marker), marker, fast };
  }

  /**
   * The batch's command output taken apart, one output per fact (throws when it was cut short). Read as
   * bytes (latin1 keeps one character per byte) so that a file read without base64 arrives exactly.
   */
  private outputs(batch: readonly Fact<unknown>[], s: { marker: string; fast: boolean }, r: { stdout: Buffer; stderr: string; code: number }): Promise<RawOutput[]> {
    const outs = splitOutputs(r.stdout.toString('latin1'), r.stderr, s.marker, batch.length, r.code);
    return Promise.all(outs.map((o, i) => this.decode(batch[i]!, o, s.fast)));
  }

  /** A fact's output as its parser expects it: UTF-8 text; a content read as base64 (see fact-script.ts). */
  private async decode(f: Fact<unknown>, o: RawOutput, fast: boolean): Promise<RawOutput> {
    const bytes = Buffer.from(o.stdout, 'latin1');
    if (!fast || f.query?.op !== 'content' || !answerable(f)) return { ...o, stdout: bytes.toString('utf8') };
    const nl = bytes.indexOf(10);
    const tag = bytes.subarray(0, nl === -1 ? bytes.length : nl).toString('latin1');
    const rest = nl === -1 ? Buffer.alloc(0) : bytes.subarray(nl + 1);
    if (tag === 'B') return { ...o, stdout: rest.toString('utf8') };
    // Read by the shell: whole only if it is as long as the file (the shell drops NUL bytes); else once
    // more, the safe way.
    if (/^T\d+$/.test(tag) && Number(tag.slice(1)) === rest.length) return { ...o, stdout: rest.toString('base64') };
    const marker = newMarker();
    const r = await this.conn.exec(shC(batchScript([f], marker)));
    return splitOutputs(r.stdout, r.stderr, marker, 1, r.code)[0]!;
  }
}

function newMarker(): string {
  return `RUNBOOK-FACT-${randomBytes(16).toString('hex')}`;
}

/**
 * One script running every fact. Each command sits on its own lines inside `( … )` so a trailing comment or
 * an `exit` stays inside it; stdin is /dev/null so no fact can swallow the script's input. The separator
 * starts with a newline, so output that lacks a final newline is still split exactly.
 */
export function batchScript(batch: readonly Fact<unknown>[], marker: string): string {
  return batch
    .map((f, i) => `(\n${f.command}\n) </dev/null\nrc=$?\nprintf '\\n%s %s %s\\n' ${marker} ${i} "$rc"\nprintf '\\n%s %s\\n' ${marker} ${i} >&2`)
    .join('\n');
}

export function splitOutputs(stdout: string, stderr: string, marker: string, count: number, code: number): RawOutput[] {
  const outs: RawOutput[] = [];
  let at = 0;
  let errAt = 0;
  for (let i = 0; i < count; i++) {
    const sep = `\n${marker} ${i} `;
    const end = stdout.indexOf(sep, at);
    const lineEnd = end === -1 ? -1 : stdout.indexOf('\n', end + sep.length);
    if (lineEnd === -1) {
      throw new Error(
        `reading facts failed: the batch stopped before fact ${i + 1} of ${count} (exit code ${code})` +
          (stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''),
      );
    }
    // stderr is split the same way, but its separator's leading newline may be gone (become trims the
    // start of stderr), so it is searched without it and removed when present.
    const errSep = `${marker} ${i}\n`;
    const errEnd = stderr.indexOf(errSep, errAt);
    const err = errEnd === -1 ? '' : stderr.slice(errAt, errEnd);
    outs.push({
      stdout: stdout.slice(at, end),
      code: Number(stdout.slice(end + sep.length, lineEnd)),
      stderr: err.endsWith('\n') ? err.slice(0, -1) : err,
    });
    at = lineEnd + 1;
    if (errEnd !== -1) errAt = errEnd + errSep.length;
  }
  return outs;
}
