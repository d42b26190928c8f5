// The module tester over recorded command output (recorded-transport.ts): planning and applying as on a
// real host, with every command and every fact read kept for the test to assert on.

import { ModuleTester, type TesterOptions } from './module-tester.js';
import { recordedConnection, type RecordedOptions, type RecordedTransport } from './recorded-transport.js';

export class RecordedTester extends ModuleTester {
  readonly transport: RecordedTransport;

  constructor(o: RecordedOptions & TesterOptions = {}) {
    const { conn, transport } = recordedConnection(o);
    super(conn, o);
    this.transport = transport;
  }

  /** Every command run on the host, in order (puts as `put PATH "DATA"`). */
  get commands(): string[] {
    return this.transport.commands;
  }

  /** The fact commands of each read: one entry per round trip. */
  get factCalls(): string[][] {
    return this.transport.factCalls;
  }
}

export const recordedHost = (o: RecordedOptions & TesterOptions = {}) => new RecordedTester(o);
