/**
 * Strings kept for the length of a build (ISBNs, RecordReferences) may be slices of much larger strings: a regex
 * match in a megabyte of file text, or a field of a parsed title file. V8 keeps the whole parent alive for a slice,
 * so keeping 100k such slices would keep the whole input in memory.
 */

/** A copy of `text` that does not share memory with the string it was cut from. */
export function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
