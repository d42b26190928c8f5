// Stopping a remote command (timeout, Ctrl-C). Closing an SSH channel does not stop a command that has no
// tty, and sshd refuses `signal` requests in root sessions ("session signalling requires privilege
// separation"). What always works: sshd makes each command a session leader (setsid), so its pid is the
// process group of everything it starts. The command line reports that pid on its first stderr line behind
// a random marker; the line is removed before anyone sees stderr; `kill -TERM -PGID` on a second channel
// then stops the whole group, in root sessions and others alike.

import { randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';

export function pgidMarker(): string {
  return `RUNBOOK-PGID-${randomBytes(6).toString('hex')}:`;
}

/** The command line, prefixed with the report of its process group (a shell builtin, no extra process). */
export function reportingPgid(command: string, marker: string): string {
  return `printf '%s%s\\n' ${marker} "$$" >&2; ${command}`;
}

/** `stderr` without the marker line; `pgid()` once it went by. */
export function stripPgid(stderr: Readable, marker: string): { stream: Readable; pgid: () => number | undefined } {
  let pgid: number | undefined;
  let head: Buffer | undefined = Buffer.alloc(0); // undefined once the first line is dealt with
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (head === undefined) return done(null, chunk);
      head = Buffer.concat([head, chunk]);
      const nl = head.indexOf(10);
      if (nl === -1 && head.length < 200) return done();
      const line = head.subarray(0, nl === -1 ? head.length : nl).toString('latin1');
      const rest = head;
      head = undefined;
      const m = line.startsWith(marker) ? /^(\d+)$/.exec(line.slice(marker.length)) : null;
      if (m) {
        pgid = Number(m[1]);
        return done(null, rest.subarray(nl + 1));
      }
      done(null, rest); // not our line (a shell that printed something first): pass everything on
    },
    flush(done) {
      done(null, head && head.length ? head : undefined);
    },
  });
  stderr.pipe(stream);
  return { stream, pgid: () => pgid };
}

/** The command that signals a process group, for a second channel (no `--`: dash's kill refuses it). */
export function killGroupCommand(pgid: number, signal: 'TERM' | 'KILL'): string {
  return `kill -${signal} -${pgid} 2>/dev/null; true`;
}
