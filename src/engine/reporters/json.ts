// `--json`: one event per line (NDJSON), for machines. Results are already censored by the executor where
// `no_log` asks for it.

import type { RunEvent } from '../events.js';
import type { Reporter } from './types.js';

export class JsonReporter implements Reporter {
  constructor(private readonly write: (text: string) => void) {}

  handle(event: RunEvent): void {
    this.write(`${JSON.stringify(event)}\n`);
  }

  async close(): Promise<void> {}
}
