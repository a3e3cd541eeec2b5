/**
 * An ONIX file as a stream of text chunks: gzip is recognised by its magic bytes (not the file name), the character
 * encoding by the byte order mark or the XML declaration. Invalid bytes are an error, never replacement characters.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { decodeWindows1252 } from '../amazon/document-decoding.ts';

const GZIP_MAGIC = [0x1f, 0x8b];
/** Bytes read at a time: the products completed by one chunk are held together until handed out, so chunks stay small. */
const CHUNK_BYTES = 64 * 1024;

/** The file's bytes cannot be read as text in its declared encoding. */
export class InputEncodingError extends Error {
  override name = 'InputEncodingError';
}

/** Text chunks of `file`, decompressed and decoded. Errors (unreadable file, corrupt gzip, bad bytes) propagate. */
export async function* readInputText(file: string): AsyncGenerator<string> {
  let decode: ChunkDecoder | undefined;
  for await (const bytes of readBytes(file)) {
    decode ??= chunkDecoder(bytes);
    const text = decode(bytes);
    if (text) yield text;
  }
  const rest = decode?.(undefined);
  if (rest) yield rest;
}

/** Decodes the next chunk of bytes; `undefined` flushes what a multi-byte sequence left pending. */
type ChunkDecoder = (bytes: Buffer | undefined) => string;

async function* readBytes(file: string): AsyncGenerator<Buffer> {
  const gzip = await startsWithGzipMagic(file);
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  if (!gzip) {
    for await (const chunk of raw) yield chunk as Buffer;
    return;
  }
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    raw.destroy();
  }
}

async function startsWithGzipMagic(file: string): Promise<boolean> {
  const handle = await open(file);
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/** The decoder the first bytes call for: a byte order mark, else the XML declaration's encoding, else UTF-8. */
function chunkDecoder(head: Buffer): ChunkDecoder {
  let label = 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) label = 'utf-16le';
  else if (head[0] === 0xfe && head[1] === 0xff) label = 'utf-16be';
  else {
    const declaration = /^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 200).toString('latin1'));
    if (declaration) label = declaration[1].toLowerCase();
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new InputEncodingError(`the XML declaration names encoding '${label}', which cannot be read here: save the file as UTF-8`);
  }
  // Node 20's TextDecoder reads windows-1252 (and the labels mapped to it, such as iso-8859-1) as Latin-1, turning
  // curly quotes, dashes and the euro sign into control characters; a single-byte encoding needs no decoder state.
  if (decoder.encoding === 'windows-1252') return (bytes) => (bytes ? decodeWindows1252(bytes) : '');
  return (bytes) => {
    try {
      return decoder.decode(bytes, { stream: bytes !== undefined });
    } catch {
      throw new InputEncodingError(`bytes that are not valid ${decoder.encoding}: save the file as UTF-8 (or declare its real encoding in <?xml ... encoding="..."?>)`);
    }
  };
}
