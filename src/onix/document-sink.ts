/**
 * Writes products into one or more complete ONIX documents of at most `maxBytes` each, streaming: products go to the
 * file in chunks, and a sha256 is computed as the bytes go out, so memory does not grow with the catalog. Each chunk
 * is encoded into one buffer the sink keeps and written synchronously (a write of a quarter MB takes well under a
 * millisecond): a fresh buffer per chunk handed to an asynchronous stream is freed only by a full garbage collection,
 * and at 100k products such buffers piled up to 50-60 MB now and then (the writer end to end at 100k peaked at 178-239
 * MB before, 179-183 MB after). Documents are written under temporary names and renamed when all are complete,
 * because the final names depend on how many parts there are (a `_part{N}` suffix only when split).
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** One finished document, as `buildOnix` reports it. */
export interface OnixDocument {
  path: string;
  fileName: string;
  bytes: number;
  sha256: string;
  products: number;
  isbns: string[];
}

/** A product too large to fit any document under the byte limit. */
export class ProductTooLargeError extends Error {
  override name = 'ProductTooLargeError';
  constructor(readonly bytes: number, readonly maxBytes: number) {
    super(`the ONIX record is ${bytes} bytes with the message header, over the tenant's maxFeedBytes of ${maxBytes}; shorten its descriptions or raise amazon.delivery.maxFeedBytes`);
  }
}

/** Where and how the sink writes. */
export interface DocumentSinkOptions {
  outDir: string;
  /** Everything before the first product: one for every part, or each part's own (its MessageNumber differs). */
  header: string | ((part: number) => string);
  footer: string;
  maxBytes: number;
  /** File name of part `part` (1-based) of `parts`. */
  fileName: (part: number, parts: number) => string;
}

/** Pending output is written in chunks of about this size: fewer writes, bounded memory. */
const CHUNK_CHARS = 256 * 1024;

interface OpenDocument {
  tempPath: string;
  fd: number;
  hash: Hash;
  bytes: number;
  products: number;
  isbns: string[];
  pending: string;
}

/** Accepts products in order, starts a new document when the next product would pass the byte limit. */
export class DocumentSink {
  private readonly footerBytes: number;
  private readonly finished: Omit<OnixDocument, 'path' | 'fileName'>[] = [];
  private readonly tempPaths: string[] = [];
  private current: OpenDocument | undefined;
  /** Keeps temporary names apart when two builds share an output folder. */
  private readonly id = randomUUID().slice(0, 8);
  private nextHeader: { part: number; bytes: number } | undefined;
  /** Where each chunk is encoded before it is hashed and written; grows to the largest chunk. */
  private encoded = Buffer.allocUnsafe(4 * CHUNK_CHARS);

  constructor(private readonly options: DocumentSinkOptions) {
    this.footerBytes = Buffer.byteLength(options.footer);
  }

  /**
   * Adds one product; throws ProductTooLargeError (and writes nothing) when it cannot fit any document. `isbn` is kept
   * until the end, so it should not be a slice of a larger string (see detach.ts).
   */
  async add(productXml: string, isbn: string): Promise<void> {
    const bytes = Buffer.byteLength(productXml);
    // A product that does not fit the current document starts the next part, under that part's header.
    const headerBytes = this.nextHeaderBytes();
    if (headerBytes + bytes + this.footerBytes > this.options.maxBytes) {
      throw new ProductTooLargeError(headerBytes + bytes + this.footerBytes, this.options.maxBytes);
    }
    if (this.current && this.current.bytes + bytes + this.footerBytes > this.options.maxBytes) this.closeCurrent();
    const doc = this.current ?? this.open();
    doc.pending += productXml;
    doc.bytes += bytes;
    doc.products++;
    doc.isbns.push(isbn);
    if (doc.pending.length >= CHUNK_CHARS) this.flush(doc);
  }

  /** Closes the last document and gives every document its final name; no products means no document. */
  async finish(): Promise<OnixDocument[]> {
    if (this.current) this.closeCurrent();
    const parts = this.finished.length;
    const documents: OnixDocument[] = [];
    for (let i = 0; i < parts; i++) {
      const fileName = this.options.fileName(i + 1, parts);
      const finalPath = path.join(this.options.outDir, fileName);
      await rename(this.tempPaths[i], finalPath);
      documents.push({ path: finalPath, fileName, ...this.finished[i] });
    }
    return documents;
  }

  /** Removes every file this sink wrote (after a failure), so no partial document is left to be sent. */
  async abort(): Promise<void> {
    if (this.current) {
      closeSync(this.current.fd);
      this.current = undefined;
    }
    await Promise.all(this.tempPaths.map((p) => rm(p, { force: true })));
  }

  /** Bytes of the header of the part that would open next (cached: asked once per product). */
  private nextHeaderBytes(): number {
    const part = this.tempPaths.length + 1;
    if (this.nextHeader?.part !== part) this.nextHeader = { part, bytes: Buffer.byteLength(this.headerOf(part)) };
    return this.nextHeader.bytes;
  }

  private headerOf(part: number): string {
    return typeof this.options.header === 'string' ? this.options.header : this.options.header(part);
  }

  private open(): OpenDocument {
    const header = this.headerOf(this.tempPaths.length + 1);
    const tempPath = path.join(this.options.outDir, `.onix-${this.id}-part${this.tempPaths.length + 1}.xml.tmp`);
    this.tempPaths.push(tempPath);
    const doc: OpenDocument = {
      tempPath,
      fd: openSync(tempPath, 'w'),
      hash: createHash('sha256'),
      bytes: Buffer.byteLength(header),
      products: 0,
      isbns: [],
      pending: header,
    };
    this.current = doc;
    return doc;
  }

  private flush(doc: OpenDocument): void {
    const chars = doc.pending.length;
    // UTF-8 takes at most 3 bytes for each UTF-16 unit.
    if (this.encoded.length < 3 * chars) this.encoded = Buffer.allocUnsafe(Math.max(2 * this.encoded.length, 3 * chars));
    const length = this.encoded.write(doc.pending, 'utf8');
    doc.pending = '';
    const chunk = this.encoded.subarray(0, length);
    doc.hash.update(chunk);
    for (let written = 0; written < length; ) written += writeSync(doc.fd, chunk, written);
  }

  private closeCurrent(): void {
    const doc = this.current!;
    this.current = undefined;
    doc.pending += this.options.footer;
    doc.bytes += this.footerBytes;
    try {
      this.flush(doc);
    } finally {
      // A failed write (disk full) must not leave the file open: `abort` only closes the document still current.
      closeSync(doc.fd);
    }
    this.finished.push({ bytes: doc.bytes, sha256: doc.hash.digest('hex'), products: doc.products, isbns: doc.isbns });
  }
}
