/**
 * The work done for each product, on a parser thread or on the importing thread: parse the product's text, map it to
 * a title, settle it against the title checks, decide what it means for the catalog (create, update, unchanged, or
 * skip because the file exists) and render the title file. The importing thread, which alone knows the whole message
 * (an ISBN or record reference used twice), decides which files to write. A batch's files come as one block of UTF-8
 * bytes, so that the importing thread passes them to the file writer without decoding, copying or collecting them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTitleFile } from '../catalog/parse-title.ts';
import type { Title } from '../catalog/title.ts';
import type { TenantConfig } from '../config/tenant.ts';
import type { NotCarried } from './map-context.ts';
import { mapProduct } from './map-product.ts';
import { ProductSliceReader, type XmlVersion } from './product-slice.ts';
import type { OnixMessageInfo } from './read-message.ts';
import { renderFileValue, type FileValue, type TitleFileFormat } from './title-file.ts';

/** What every product of one import is prepared with (plain data, so that it can be handed to a thread). */
export interface ProductWorkSettings {
  /** Repository with `config/` and `catalog/`. */
  root: string;
  /** `catalog/<tenant>/titles`, relative to the root. */
  titlesDir: string;
  /** The tenant's default supplier. */
  supplier: TenantConfig['supplier'];
  format: TitleFileFormat;
  update: boolean;
  /** Render nothing: nothing will be written. */
  dryRun: boolean;
  /** ISBN -> file name of the title files already in the catalog. */
  existing: Map<string, string>;
}

/** Consecutive products of a message, as cut out of it. */
export interface ProductBatch {
  /** The message position (1-based) of the first product. */
  firstIndex: number;
  texts: string[];
  message: OnixMessageInfo;
  xmlVersion: XmlVersion;
}

/** What a title means for the catalog, before duplicates in the message are known. */
export type Placement =
  | { status: 'created' | 'updated' | 'unchanged'; path: string; changes?: string[]; /** The file to write, unless unchanged or a dry run. */ file?: TitleFileBytes }
  | { status: 'skipped'; reason: string };

/** A rendered title file: its name in the titles folder and where its bytes are in its batch's {@link PreparedBatch.files}. */
export interface TitleFileBytes {
  name: string;
  start: number;
  end: number;
}

/** A prepared batch: its products in order, and the bytes of their title files. */
export interface PreparedBatch {
  products: PreparedProduct[];
  files: Uint8Array;
}

/** One prepared product (plain data). */
export type PreparedProduct = {
  /** Line of the start tag within the product's text, and line breaks in the text. */
  line: number;
  breaks: number;
  notCarried: NotCarried[];
} & (
  | { kind: 'skipped'; isbn?: string; recordReference?: string; reason: string }
  | { kind: 'title'; isbn: string; recordReference: string; placement: Placement }
);

/** Prepares batches of products. */
export class ProductWork {
  private reader: ProductSliceReader | undefined;
  private readerKey = '';

  constructor(private readonly settings: ProductWorkSettings) {}

  /** Parses, maps, checks and renders each product of the batch. Throws ProductSliceError for a malformed product. */
  prepare(batch: ProductBatch): PreparedBatch {
    const reader = this.readerFor(batch.message, batch.xmlVersion);
    const files = new FileBlock();
    const products = batch.texts.map((text, i): PreparedProduct => {
      const { node, line, breaks } = reader.read(text);
      const mapped = mapProduct({ node, index: batch.firstIndex + i, message: batch.message }, this.settings.supplier);
      if (mapped.kind === 'skipped') {
        return { line, breaks, kind: 'skipped', isbn: mapped.isbn, recordReference: mapped.recordReference, reason: mapped.reason, notCarried: mapped.notCarried };
      }
      const placement = this.place(mapped.title, mapped.file, files);
      return { line, breaks, kind: 'title', isbn: mapped.title.isbn, recordReference: mapped.title.recordReference, placement, notCarried: mapped.notCarried };
    });
    return { products, files: files.bytes() };
  }

  private readerFor(message: OnixMessageInfo, xmlVersion: XmlVersion): ProductSliceReader {
    const key = `${message.version} ${message.tags} ${xmlVersion}`;
    if (!this.reader || key !== this.readerKey) {
      this.reader = new ProductSliceReader(message, xmlVersion);
      this.readerKey = key;
    }
    return this.reader;
  }

  /** Decides create / update / unchanged / skip for a title against the catalog, and renders the file to write into `files`. */
  private place(title: Title, value: FileValue, files: FileBlock): Placement {
    const { root, titlesDir, format, update, dryRun, existing } = this.settings;
    const render = (name: string, fileFormat: TitleFileFormat) => (dryRun ? undefined : files.add(name, renderFileValue(value, fileFormat)));
    const current = existing.get(title.isbn);
    if (current === undefined) {
      const fileName = `${title.isbn}.${format}`;
      return { status: 'created', path: `${titlesDir}/${fileName}`, file: render(fileName, format) };
    }
    const filePath = `${titlesDir}/${current}`;
    if (!update) return { status: 'skipped', reason: `${filePath} already exists; run with --update to update it` };
    const before = parseTitleFile(filePath, readFileSync(path.join(root, filePath), 'utf8')).title;
    const changes = before ? changedFields(before, title) : ['(the file did not pass its checks; it is replaced)'];
    if (changes.length === 0) return { status: 'unchanged', path: filePath };
    return { status: 'updated', path: filePath, changes, file: render(current, current.endsWith('.json') ? 'json' : 'yaml') };
  }
}

const encoder = new TextEncoder();

/** The title files of a batch, collected as text and handed out as one block of UTF-8 bytes. */
class FileBlock {
  private readonly texts: string[] = [];
  private size = 0;

  /** Adds a file; says where its bytes will be. */
  add(name: string, text: string): TitleFileBytes {
    const start = this.size;
    this.size += Buffer.byteLength(text);
    this.texts.push(text);
    return { name, start, end: this.size };
  }

  bytes(): Uint8Array {
    const bytes = new Uint8Array(this.size);
    let at = 0;
    for (const text of this.texts) at += encoder.encodeInto(text, bytes.subarray(at)).written;
    return bytes;
  }
}

/** Top-level fields whose values differ (both titles are normalised, so equal values serialise the same). */
function changedFields(before: Title, after: Title): string[] {
  // The new title's keys first: normalised, they come in the schema's order.
  const keys = new Set([...Object.keys(after), ...Object.keys(before)] as (keyof Title)[]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
