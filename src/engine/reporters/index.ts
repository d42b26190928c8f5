// Which reporter a run gets: NDJSON with --json, the live tree on an interactive terminal, plain lines in
// CI or when output is piped.

import type { Reporter } from './types.js';
import { JsonReporter } from './json.js';
import { PlainReporter } from './plain.js';
import { maskDeep } from '../vault/mask.js';

export type { Reporter };

export interface ReporterChoice {
  json: boolean;
  diff: boolean;
  stream?: NodeJS.WriteStream;
}

/** Every event is masked before any reporter formats it: decrypted vault values are printed as `(secret)`. */
export async function chooseReporter(choice: ReporterChoice): Promise<Reporter> {
  const reporter = await pickReporter(choice);
  return { handle: (e) => reporter.handle(maskDeep(e)), close: () => reporter.close() };
}

async function pickReporter({ json, diff, stream = process.stdout }: ReporterChoice): Promise<Reporter> {
  const write = (text: string) => void stream.write(text);
  if (json) return new JsonReporter(write);
  const interactive = stream.isTTY === true && !process.env.CI && process.env.TERM !== 'dumb';
  if (interactive) {
    // Loaded only for terminals: listr2 is the heaviest import a run makes.
    const { LiveReporter } = await import('./live.js');
    return new LiveReporter(write, diff);
  }
  return new PlainReporter(write, diff);
}
