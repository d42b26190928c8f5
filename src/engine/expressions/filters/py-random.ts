// Python's random.Random(seed), bit for bit, for Ansible's `random(seed=…)` and `shuffle(seed=…)`: the
// Mersenne Twister (MT19937) seeded as CPython seeds it from a string (the bytes followed by their SHA-512,
// read as one big integer) or an int, and randbelow/randrange/choice/shuffle as CPython 3.11 draws them.
// `{{ 59 | random(seed=inventory_hostname) }}` must pick the same minute as Ansible did.

import { createHash } from 'node:crypto';

const N = 624;

function initGenrand(s: number): Uint32Array {
  const mt = new Uint32Array(N);
  mt[0] = s;
  for (let i = 1; i < N; i++) mt[i] = Math.imul(1812433253, mt[i - 1]! ^ (mt[i - 1]! >>> 30)) + i;
  return mt;
}

function initByArray(key: number[]): Uint32Array {
  const mt = initGenrand(19650218);
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, key.length); k; k--) {
    mt[i] = (mt[i]! ^ Math.imul(mt[i - 1]! ^ (mt[i - 1]! >>> 30), 1664525)) + key[j]! + j;
    i++;
    j++;
    if (i >= N) (mt[0] = mt[N - 1]!), (i = 1);
    if (j >= key.length) j = 0;
  }
  for (let k = N - 1; k; k--) {
    mt[i] = (mt[i]! ^ Math.imul(mt[i - 1]! ^ (mt[i - 1]! >>> 30), 1566083941)) - i;
    i++;
    if (i >= N) (mt[0] = mt[N - 1]!), (i = 1);
  }
  mt[0] = 0x80000000;
  return mt;
}

/** The seed as CPython's key: the integer's 32-bit words, least significant first. */
function seedKey(seed: string | number): number[] {
  let bytes: Buffer;
  if (typeof seed === 'number') {
    let hex = BigInt(Math.abs(Math.trunc(seed))).toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    bytes = Buffer.from(hex, 'hex');
  } else {
    const raw = Buffer.from(seed, 'utf8');
    bytes = Buffer.concat([raw, createHash('sha512').update(raw).digest()]);
  }
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  const significant = bytes.subarray(start);
  if (!significant.length) return [0];
  const padded = Buffer.concat([Buffer.alloc((4 - (significant.length % 4)) % 4), significant]);
  const words: number[] = [];
  for (let end = padded.length; end > 0; end -= 4) words.push(padded.readUInt32BE(end - 4));
  return words;
}

export class PyRandom {
  private readonly mt: Uint32Array;
  private index = N;

  constructor(seed: string | number) {
    this.mt = initByArray(seedKey(seed));
  }

  private next32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % N]! & 0x7fffffff);
        mt[k] = mt[(k + 397) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** random.random(): 53 random bits. */
  random(): number {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** _randbelow(n) for n < 2**32: k = n.bit_length() bits, drawn again while too large. */
  randbelow(n: number): number {
    if (n <= 0) return 0;
    const k = n.toString(2).length;
    if (k > 32) return Math.floor(this.random() * n); // beyond what a template asks for
    let r = this.next32() >>> (32 - k);
    while (r >= n) r = this.next32() >>> (32 - k);
    return r;
  }

  randrange(start: number, stop: number, step: number): number {
    const width = stop - start;
    if (step === 1) {
      if (width <= 0) throw new Error(`empty range for randrange() (${start}, ${stop})`);
      return start + this.randbelow(width);
    }
    const n = step > 0 ? Math.floor((width + step - 1) / step) : Math.floor((width + step + 1) / step);
    if (n <= 0) throw new Error('empty range for randrange()');
    return start + step * this.randbelow(n);
  }

  choice<T>(seq: readonly T[]): T {
    if (!seq.length) throw new Error('Cannot choose from an empty sequence');
    return seq[this.randbelow(seq.length)]!;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}
