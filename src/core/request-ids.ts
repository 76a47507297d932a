/**
 * Every request ID read, each kept once as four 32-bit words. A log of a
 * million lines names a few hundred thousand runs: as strings they would
 * cost several times the memory, and as map keys several times the time.
 * After `sealed()` the table can only give IDs back, not look them up.
 */
export class RequestIdTable {
  private words = new Int32Array(4 * 1024);
  private count = 0;
  /**
   * An open-addressing hash table of index + 1 (0 is empty), probed
   * linearly: cheaper than a Map, and IDs that share a hash simply sit in
   * neighbouring slots.
   */
  private slots = new Int32Array(4096);
  private readonly scratch = new Int32Array(4);

  get size(): number {
    return this.count;
  }

  /** The index of a UUID (any case), added if new. */
  indexOf(id: string): number {
    readUuid(id, this.scratch);

    return this.indexOfWords(this.scratch);
  }

  /** The index of an ID given as four words at `at` in `words`, added if new. */
  indexOfWords(words: Int32Array, at = 0): number {
    const mask = this.slots.length - 1;
    for (let slot = hashWords(words, at) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) {
        const added = this.add(words, at);
        this.slots[slot] = added + 1;
        if (this.count * 2 > this.slots.length) this.rehash();
        return added;
      }
      if (this.matches(entry - 1, words, at)) return entry - 1;
    }
  }

  /** The UUID at an index, in lower case as Lambda prints it. */
  get(index: number): string {
    let hex = '';
    for (let w = 0; w < 4; w++) hex += (this.words[index * 4 + w]! >>> 0).toString(16).padStart(8, '0');

    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  compare(a: number, b: number): number {
    for (let w = 0; w < 4; w++) {
      const d = (this.words[a * 4 + w]! >>> 0) - (this.words[b * 4 + w]! >>> 0);
      if (d !== 0) return d;
    }

    return 0;
  }

  /** The IDs' words, four an ID, in index order: what another table can take in. */
  exportWords(): Int32Array {
    return this.words.slice(0, this.count * 4);
  }

  /** The lookup table is only needed while reading. */
  sealed(): void {
    this.slots = new Int32Array(1);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.count; index++) {
      let slot = hashWords(this.words, index * 4) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }

  private add(words: Int32Array, at: number): number {
    if ((this.count + 1) * 4 > this.words.length) {
      const grown = new Int32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    const to = this.count * 4;
    for (let w = 0; w < 4; w++) this.words[to + w] = words[at + w]!;

    return this.count++;
  }

  private matches(index: number, words: Int32Array, at: number): boolean {
    const own = index * 4;

    return (
      this.words[own] === words[at] &&
      this.words[own + 1] === words[at + 1] &&
      this.words[own + 2] === words[at + 2] &&
      this.words[own + 3] === words[at + 3]
    );
  }
}

/** Reads the 32 hex digits of a UUID (dashes skipped) into four words. */
function readUuid(id: string, into: Int32Array): void {
  let word = 0;
  let digits = 0;
  let w = 0;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code === 45 /* - */) continue;
    word = (word << 4) | (code <= 57 ? code - 48 : (code | 32) - 87);
    if (++digits === 8) {
      into[w++] = word;
      word = 0;
      digits = 0;
    }
  }
}

function hashWords(words: Int32Array, at = 0): number {
  let hash = Math.imul(words[at]! ^ 0x9e3779b9, 0x85ebca6b);
  hash = Math.imul(hash ^ words[at + 1]!, 0xc2b2ae35);
  hash = Math.imul(hash ^ words[at + 2]!, 0x85ebca6b);
  hash = Math.imul(hash ^ words[at + 3]!, 0xc2b2ae35);

  return (hash ^ (hash >>> 15)) >>> 2;
}

/** The hash a UUID is looked up by: exported so a test can find two that share one. */
export function hashId(id: string): number {
  const words = new Int32Array(4);
  readUuid(id, words);

  return hashWords(words);
}
