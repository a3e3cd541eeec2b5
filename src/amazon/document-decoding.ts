/**
 * Turns the bytes of a downloaded result document into text: gunzip when Amazon says GZIP, then decode with the
 * charset the download declares. Amazon serves reports as windows-1252 in most of NA and EU, windows-31j
 * (Shift_JIS) in Japan and UTF-8 elsewhere, so a fixed UTF-8 would garble accents and kana.
 */
import { gunzipSync } from 'node:zlib';

/** A downloaded result document and what its download and getFeedDocument said about it. */
export interface DownloadedDocument {
  body: Buffer;
  /** The download's Content-Type header, e.g. `text/xml; charset=windows-1252`. */
  contentType?: string;
  /** The download's Content-Encoding header. */
  contentEncoding?: string;
  /** getFeedDocument's `compressionAlgorithm`. */
  compressionAlgorithm?: string;
}

/** The document's text could not be recovered (bad gzip data, a charset this runtime cannot decode). */
export class DocumentDecodingError extends Error {
  override name = 'DocumentDecodingError';
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Gunzips (when GZIP is declared and the bytes are gzip) and decodes `doc` to a string. */
export function decodeDocument(doc: DownloadedDocument): string {
  const gzipDeclared = doc.compressionAlgorithm === 'GZIP' || /\bgzip\b/i.test(doc.contentEncoding ?? '');
  let bytes = doc.body;
  // Checked by magic number: with enableContentEncodingUrlHeader an HTTP layer may already have inflated it.
  if (gzipDeclared && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new DocumentDecodingError(`the result document is declared GZIP but does not gunzip: ${(error as Error).message}`);
    }
  }
  const charset = charsetOf(doc.contentType) ?? sniffCharset(bytes) ?? 'utf-8';
  try {
    const decoder = new TextDecoder(charset);
    return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
  } catch {
    throw new DocumentDecodingError(
      `the result document declares charset '${charset}', which this Node.js cannot decode (a Node.js built with full ICU decodes windows-1252, Shift_JIS, windows-31j and the rest)`,
    );
  }
}

/** Characters of windows-1252 bytes 0x80-0x9F (the five undefined ones kept as their C1 code points). */
const WINDOWS_1252_80_9F = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * windows-1252 by hand: Node 20's TextDecoder takes a Latin-1 shortcut for this label and turns the euro sign,
 * curly quotes and dashes (0x80-0x9F) into control characters. Also used for the labels the Encoding Standard
 * maps to windows-1252 (iso-8859-1, latin1, us-ascii).
 */
export function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_80_9F[c.charCodeAt(0) - 0x80]);
}

/** The `charset` parameter of a Content-Type header, unquoted; undefined when absent. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return match?.[2];
}

/** Without a declared charset: a byte-order mark, or the encoding in an XML declaration. */
function sniffCharset(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = bytes.subarray(0, 200).toString('latin1');
  return /^<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
}
