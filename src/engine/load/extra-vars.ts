// `-e` / `--extra-vars`, as in Ansible: `key=value` pairs (values are strings; several pairs may share one
// -e, quoted as in a shell), an inline JSON or YAML mapping (`-e '{"ports": [80, 443]}'`), or `@file.yaml`.
// Later -e options win. All problems of all -e options are reported together.

import { InvalidInputError, type Problem } from '../errors.js';
import { loadYaml, parseYaml, type LoadedYaml } from './yaml.js';
import { validateDocument } from '../validate/index.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORMS_HINT = 'use -e name=value, -e \'{"name": value}\' or -e @file.yaml';

/** Split `a=1 b='x y'` like a shell would: whitespace separates, quotes group and are removed. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += c;
      started = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote`);
  if (started) words.push(word);
  return words;
}

function keyValues(arg: string, problems: Problem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let words: string[];
  try {
    words = shellWords(arg);
  } catch (e) {
    problems.push({ message: `-e ${arg}: ${(e as Error).message}`, hint: FORMS_HINT });
    return out;
  }
  for (const word of words) {
    const eq = word.indexOf('=');
    const key = word.slice(0, eq);
    if (eq <= 0) problems.push({ message: `-e ${arg}: "${word}" is not name=value`, hint: FORMS_HINT });
    else if (!NAME.test(key)) problems.push({ message: `-e ${arg}: "${key}" is not a variable name`, hint: 'variable names are letters, digits and _, not starting with a digit' });
    else out[key] = word.slice(eq + 1);
  }
  return out;
}

/** A mapping document (inline or @file), schema-checked like any vars file. */
function mappingOf(doc: LoadedYaml, problems: Problem[]): Record<string, unknown> {
  if (doc.value === null) return {};
  const found = validateDocument('vars', doc);
  problems.push(...found);
  return found.length === 0 ? (doc.value as Record<string, unknown>) : {};
}

export async function parseExtraVars(args: string[]): Promise<Record<string, unknown>> {
  const layers: Record<string, unknown>[] = [];
  const problems: Problem[] = [];
  for (const [i, arg] of args.entries()) {
    try {
      if (arg.startsWith('@')) layers.push(mappingOf(await loadYaml(arg.slice(1)), problems));
      else if (/^\s*[{[]/.test(arg)) layers.push(mappingOf(parseYaml(arg, `-e #${i + 1}`), problems));
      else layers.push(keyValues(arg, problems));
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  // One layer keeps its YAML positions (a broken template in it is then reported where it was written).
  return layers.length === 1 ? layers[0]! : Object.assign({}, ...layers);
}
