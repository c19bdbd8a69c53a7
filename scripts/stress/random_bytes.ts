/**
 * Reproducible random bytes for load and fuzz runs: a seeded xorshift, so a
 * failing run can be repeated with its seed.
 *
 * @module
 */

/** A seeded source of random numbers and bytes. */
export class Random {
  #state: number;

  /** @param seed Any 32-bit number other than 0. */
  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }

  /** A random 32-bit unsigned integer. */
  next(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return this.#state = x >>> 0;
  }

  /** A random integer from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + this.next() % (max - min + 1);
  }

  /** `length` random bytes. */
  bytes(length: number): Uint8Array {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const word = this.next();
      for (let j = 0; j < 4 && i + j < length; j++) bytes[i + j] = word >>> (8 * j);
    }
    return bytes;
  }
}
