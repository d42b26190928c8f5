// `vars_prompt:` — a play's variables asked for when the play starts, as Ansible asks: a variable given
// with -e is not asked; on a terminal the answer is typed (hidden when `private`, which is the default;
// asked twice with `confirm`), an empty answer takes the default; without a terminal the default is used
// and a prompt without one fails, located, before the play touches any host.

import { createInterface } from 'node:readline';
import type { VarsPrompt } from '../compile/types.js';
import { InvalidInputError } from '../errors.js';
import type { Vars } from '../compile/types.js';

/** Asks one question and gives the answer; undefined when there is no one to ask. */
export type Ask = (question: string, hidden: boolean) => Promise<string>;

export async function promptVars(prompts: readonly VarsPrompt[], extraVars: Vars, ask: Ask | undefined): Promise<Vars> {
  const out: Vars = {};
  for (const p of prompts) {
    if (Object.hasOwn(extraVars, p.name)) continue;
    if (!ask) {
      if (p.default === undefined) {
        throw new InvalidInputError([{ loc: p.loc, message: `vars_prompt ${p.name}: there is no terminal to ask on, and the prompt has no default`, hint: `pass the value with -e ${p.name}=..., or give the prompt a default:` }]);
      }
      out[p.name] = p.default;
      continue;
    }
    const question = `${p.prompt}${p.default === undefined ? '' : ` [${String(p.default)}]`}: `;
    let answer = await ask(question, p.private);
    if (p.confirm) {
      // Bounded: three tries to type the same thing twice.
      for (let tries = 1; answer !== (await ask(`confirm ${question}`, p.private)); tries++) {
        if (tries >= 3) throw new InvalidInputError([{ loc: p.loc, message: `vars_prompt ${p.name}: the answers did not match` }]);
        answer = await ask(question, p.private);
      }
    }
    out[p.name] = answer === '' && p.default !== undefined ? p.default : answer;
  }
  return out;
}

/** Asking on this process's terminal, or undefined when stdin is not one. Hidden answers are not echoed. */
export function terminalAsk(): Ask | undefined {
  if (!process.stdin.isTTY) return undefined;
  return (question, hidden) =>
    new Promise((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      if (hidden) {
        // readline echoes through _writeToOutput; after the question, print nothing of what is typed.
        const out = rl as unknown as { _writeToOutput: (s: string) => void };
        const write = out._writeToOutput.bind(rl);
        let asked = false;
        out._writeToOutput = (s) => (asked ? s.includes('\n') && write('\n') : write(s));
        rl.question(question, (a) => (rl.close(), resolve(a)));
        asked = true;
      } else rl.question(question, (a) => (rl.close(), resolve(a)));
    });
}
