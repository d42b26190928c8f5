// Run a child process with a hard time limit and measure it: wall time (hrtime around spawn → exit) and,
// through /usr/bin/time, the peak resident memory of the child (ru_maxrss: the largest process of its tree)
// and its CPU time (user + system, including the children it waited for).

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/**
 * `run(file, args, { env, cwd, timeoutMs, rssFile })` → { code, signal, stdout, stderr, ms, maxRssKb?, cpuS? }.
 * With `rssFile` the command runs under GNU time, which writes the peak RSS (KiB) and CPU seconds there.
 */
export function run(file, args, opts = {}) {
  const { env = process.env, cwd, timeoutMs = 600_000, rssFile } = opts;
  const [cmd, argv] = rssFile && existsSync(GNU_TIME) ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, file, ...args]] : [file, args];
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
      let cpuS;
      if (rssFile && existsSync(rssFile)) {
        // GNU time prefixes "Command exited with non-zero status N" when the command failed.
        const [rss, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        maxRssKb = rss;
        cpuS = user + sys;
        rmSync(rssFile, { force: true });
      }
      resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms, maxRssKb, cpuS, timedOut: signal === 'SIGKILL' });
    });
  });
}

export function tmpFile(dir, name) {
  return join(dir, `${name}.${process.pid}.${Date.now()}`);
}
