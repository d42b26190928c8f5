// Reading and writing the files `runbook vault` works on, as ansible-vault does: `-` (or no file) is
// stdin/stdout; a file is replaced atomically (a temporary file beside it, then rename), with mode 0600
// like ansible-vault's, so a crash never leaves half a vault and a decrypted file is not world-readable.

import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InvalidInputError } from '../engine/errors.js';

export async function readInput(file: string): Promise<Buffer> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InvalidInputError([{ message: err.code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${err.message}` }]);
  }
}

/** Replace `file` with `data` atomically (0600), or write it to stdout for `-`. */
export async function writeOutput(file: string, data: Buffer | string): Promise<void> {
  if (file === '-') {
    await new Promise<void>((resolve, reject) => process.stdout.write(data, (e) => (e ? reject(e) : resolve())));
    return;
  }
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await rename(temp, file);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw new InvalidInputError([{ message: `cannot write ${file}: ${(e as Error).message}` }]);
  }
}
