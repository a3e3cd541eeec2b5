/**
 * How a parser thread sends one parsed title file to the main thread: as a single string, which crosses threads far
 * cheaper than a structured clone of the title's objects (the main thread parsed JSON text several times faster than
 * it deserialised the same objects). A clean JSON title file goes as its own text, which the main thread parses and
 * normalises; anything else goes as JSON of the parse (title or problems) and the blob id when asked for.
 */
import { normaliseTitle, type TitleFile } from './normalise.ts';
import type { ParsedTitle } from './parse-title.ts';

/** What a parser thread gives back for one file. */
export interface ParsedFile {
  parsed: ParsedTitle;
  /** The file's git blob id, when asked for. */
  blobId?: string;
}

/** A parsed file as one string; {@link decodeParsedFile} reads it. */
export type EncodedParsedFile = string;

/** First character of a clean JSON title file's own text. */
const CLEAN_JSON_TEXT = 'T';
/** First character of the JSON of a {@link ParsedFile}. */
const PARSE_JSON = 'P';

/**
 * Encodes the parse of the file at `path` with content `bytes`. Sending the file's text saves the thread writing JSON
 * of the title, and costs the main thread only the normalising, which is cheap.
 */
export function encodeParsedFile(path: string, bytes: Buffer, file: ParsedFile): EncodedParsedFile {
  if (file.parsed.title && file.blobId === undefined && path.endsWith('.json')) {
    const text = bytes.toString('utf8');
    return CLEAN_JSON_TEXT + (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  }
  return PARSE_JSON + JSON.stringify(file);
}

/** The parsed file a parser thread sent. */
export function decodeParsedFile(encoded: EncodedParsedFile): ParsedFile {
  const json = encoded.slice(1);
  if (encoded[0] === CLEAN_JSON_TEXT) return { parsed: { title: normaliseTitle(JSON.parse(json) as TitleFile), problems: [] } };
  return JSON.parse(json) as ParsedFile;
}
