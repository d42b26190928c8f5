// Which reporter a run gets: NDJSON with --json, the live tree on an interactive terminal, plain lines in
// CI or when output is piped.

import type { Reporter } from './types.js';
import { JsonReporter } from './json.js';
import { PlainReporter } from './plain.js';

export type { Reporter };

export interface ReporterChoice {
  json: boolean;
  diff: boolean;
  stream?: NodeJS.WriteStream;
}

export async function chooseReporter({ json, diff, stream = process.stdout }: ReporterChoice): Promise<Reporter> {
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
