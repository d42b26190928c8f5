// Reading one Docker object over the host's docker CLI, telling "no such object" apart from "docker does
// not answer": when inspect fails, a cheap `docker version` decides — it fails too only when the daemon is
// down or unreachable, and then the task fails with docker's own message.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';

/** `docker <inspectArgs>` → parse(stdout), or parse of `missing` when the object does not exist. */
export function dockerInspectFact<T>(key: string, inspectArgs: string[], missing: string, parse: (json: string) => T): Fact<T> {
  return {
    key: `docker:${key}`,
    command: [
      `out=$(${argv(['docker', ...inspectArgs])} 2>/dev/null) && { printf '%s\\n' "$out"; exit 0; }`,
      "docker version --format '{{.Server.Version}}' >/dev/null || exit 69",
      `printf '%s\\n' ${argv([missing])}`,
    ].join('\n'),
    parse(stdout, code, stderr) {
      if (code !== 0) {
        throw new ModuleFailure(`docker does not answer (exit ${code}): ${stderr.trim()}`, {}, {
          hint: 'is the docker service running on the host, and does the task run as a user that may use it (become: true)?',
        });
      }
      return parse(stdout);
    },
  };
}
