// SSH protocol round trips, counted on the TCP socket: a "turn" is the server sending something after we
// wrote (however many packets each side sent). It is the number of network waits the protocol really had.
// Sockets are reached by wrapping node:net's connect; syncBuiltinESMExports makes the ESM import of it in
// dist/engine/connection/ssh.js see the wrapper. Nothing under src/ is changed.

import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Track every TCP socket opened from now on. A turn made while a socket is `live` (set by the caller once the
 * SSH session is up, cleared when it starts closing) is charged to the task `taskOf()` names at that moment.
 */
export function trackSockets(taskOf) {
  const net = require('node:net');
  const orig = net.connect;
  const sockets = [];
  net.connect = function patchedConnect(...args) {
    const s = orig.apply(this, args);
    const rec = { turns: 0, wrote: false, live: false, byTask: new Map() };
    sockets.push(rec);
    const write = s.write;
    s.write = function patchedWrite(...a) {
      rec.wrote = true;
      return write.apply(this, a);
    };
    s.on('data', () => {
      if (!rec.wrote) return;
      rec.turns++;
      rec.wrote = false;
      if (rec.live) rec.byTask.set(taskOf(), (rec.byTask.get(taskOf()) ?? 0) + 1);
    });
    return s;
  };
  syncBuiltinESMExports();
  return {
    sockets,
    /** Turns charged to task `i`, over all sockets. */
    taskTurns: (i) => sockets.reduce((a, r) => a + (r.byTask.get(i) ?? 0), 0),
    restore() {
      net.connect = orig;
      syncBuiltinESMExports();
    },
  };
}
