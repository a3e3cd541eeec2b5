/**
 * Encoding of result documents. Amazon serves them in the marketplace's charset (windows-1252 for US/EU, for
 * example), which a client must decode from the Content-Type rather than assume UTF-8; the sandbox can do the same.
 */

/** Charsets the sandbox can serve result documents in. */
export type ResultCharset = 'UTF-8' | 'windows-1252';

/** windows-1252 bytes 0x80-0x9F; the rest of 0xA0-0xFF is Latin-1 (undefined slots stay unmapped). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Encodes `text`; characters windows-1252 cannot hold become '?', as Amazon's own encoder does. */
export function encodeText(text: string, charset: ResultCharset): Buffer {
  if (charset === 'UTF-8') return Buffer.from(text, 'utf8');
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const high = CP1252_HIGH.indexOf(char);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else if (high >= 0 && !/[\u0081\u008d\u008f\u0090\u009d]/.test(char)) bytes.push(0x80 + high);
    else bytes.push(0x3f);
  }
  return Buffer.from(bytes);
}
