/**
 * Every request ID read, each kept once as its 16 bytes. A log of a million
 * lines names a few hundred thousand runs: as strings they would cost
 * several times the memory, and as map keys several times the time.
 */
export class RequestIdTable {
  private bytes = new Uint8Array(16 * 1024);
  private count = 0;
  /** By a 30-bit hash, a small-integer key; the few IDs whose hash is taken go by string. */
  private readonly byHash = new Map<number, number>();
  private readonly collided = new Map<string, number>();

  get size(): number {
    return this.count;
  }

  /** The index of a lower-case UUID, added if new. */
  indexOf(id: string): number {
    const hash = hashId(id);
    const index = this.byHash.get(hash);
    if (index === undefined) {
      const added = this.add(id);
      this.byHash.set(hash, added);
      return added;
    }
    if (this.matches(index, id)) return index;

    let other = this.collided.get(id);
    if (other === undefined) this.collided.set(id, (other = this.add(id)));

    return other;
  }

  /** The UUID at an index, as Lambda prints it. */
  get(index: number): string {
    const at = index * 16;
    let text = '';
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) text += '-';
      text += HEX[this.bytes[at + i]!];
    }

    return text;
  }

  compare(a: number, b: number): number {
    for (let i = 0; i < 16; i++) {
      const d = this.bytes[a * 16 + i]! - this.bytes[b * 16 + i]!;
      if (d !== 0) return d;
    }

    return 0;
  }

  /** The lookup maps are only needed while reading. */
  sealed(): void {
    this.byHash.clear();
    this.collided.clear();
  }

  private add(id: string): number {
    if ((this.count + 1) * 16 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    const at = this.count * 16;
    for (let i = 0, j = 0; i < 16; i++, j += 2) {
      if (j === 8 || j === 13 || j === 18 || j === 23) j++;
      this.bytes[at + i] = (hexValue(id.charCodeAt(j)) << 4) | hexValue(id.charCodeAt(j + 1));
    }

    return this.count++;
  }

  private matches(index: number, id: string): boolean {
    const at = index * 16;
    for (let i = 0, j = 0; i < 16; i++, j += 2) {
      if (j === 8 || j === 13 || j === 18 || j === 23) j++;
      if (this.bytes[at + i] !== ((hexValue(id.charCodeAt(j)) << 4) | hexValue(id.charCodeAt(j + 1)))) return false;
    }

    return true;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexValue(code: number): number {
  return code <= 57 ? code - 48 : (code | 32) - 87;
}

/** FNV-1a, cut to 30 bits so V8 keeps it a small integer. */
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);

  return hash >>> 2;
}
