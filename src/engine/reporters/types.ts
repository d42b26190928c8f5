// A reporter consumes run events; it never reaches into the executor.

import type { RunEvent } from '../events.js';

export interface Reporter {
  handle(event: RunEvent): void;
  /** Flush and stop (the live view finishes its last frame). */
  close(): Promise<void>;
}
