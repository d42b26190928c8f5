// Run a child process with a hard time limit and measure it: wall time (hrtime around spawn → exit) and,
// through /usr/bin/time, the peak resident memory of the child (ru_maxrss: the largest process of its tree).

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/**
 * `run(file, args, { env, cwd, timeoutMs, rssFile })` → { code, signal, stdout, stderr, ms, maxRssKb? }.
 * With `rssFile` the command runs under GNU time, which writes the peak RSS (KiB) there.
 */
export function run(file, args, opts = {}) {
  const { env = process.env, cwd, timeoutMs = 600_000, rssFile } = opts;
  const [cmd, argv] = rssFile && existsSync(GNU_TIME) ? [GNU_TIME, ['-f', '%M', '-o', rssFile, file, ...args]] : [file, args];
  return new Promise((resolve) => {
    const out = [];
    const err = [];
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', (e) => err.push(Buffer.from(String(e))));
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      clearTimeout(timer);
      let maxRssKb;
      if (rssFile && existsSync(rssFile)) {
        // GNU time prefixes "Command exited with non-zero status N" when the command failed.
        const last = readFileSync(rssFile, 'utf8').trim().split('\n').pop();
        maxRssKb = Number(last);
        rmSync(rssFile, { force: true });
      }
      resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms, maxRssKb, timedOut: signal === 'SIGKILL' });
    });
  });
}

export function tmpFile(dir, name) {
  return join(dir, `${name}.${process.pid}.${Date.now()}`);
}
