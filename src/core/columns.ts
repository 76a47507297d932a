export type Column = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** A copy of a typed-array column with room for `size` entries. */
export function grownColumn<T extends Column>(from: T, size: number): T {
  const to = new (from.constructor as new (n: number) => T)(size);
  to.set(from);

  return to;
}
