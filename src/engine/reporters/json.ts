// `--json`: one event per line (NDJSON), for machines. Results are already censored by the executor where
// `no_log` asks for it. Every line carries `time` (ISO 8601, when the event happened) and `run` (an id,
// random per run and the same on every line), so CI can merge the lines of several runs — parallel jobs
// writing to one log — and still tell them apart and order them.

import { randomUUID } from 'node:crypto';
import type { RunEvent } from '../events.js';
import type { Reporter } from './types.js';

export class JsonReporter implements Reporter {
  readonly run: string;

  constructor(
    private readonly write: (text: string) => void,
    run: string = randomUUID(),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.run = run;
  }

  handle(event: RunEvent): void {
    this.write(`${JSON.stringify({ ...event, time: this.now().toISOString(), run: this.run })}\n`);
  }

  async close(): Promise<void> {}
}
