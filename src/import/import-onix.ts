/**
 * `importOnix`: an ONIX 3.x file -> title files in a tenant's catalog. The importing thread reads the file and cuts
 * it into products; parser threads (or this thread, for a small file) parse, map, check and render them in batches;
 * the importing thread finishes them in message order (duplicates, the report) and has the accepted files staged.
 * Memory does not grow with the file, and the staged files move into `catalog/<tenant>/titles/` only once the whole
 * file has been read, so bad input changes nothing.
 */
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Title } from '../catalog/title.ts';
import { InvalidInputError } from '../config/problem.ts';
import type { TenantConfig } from '../config/tenant.ts';
import { emptySummary, tally, type ImportSummary, type ProductOutcome } from './import-report.ts';
import { readInputText } from './input-text.ts';
import { MessageSplitter, UnfinishedMessageError } from './message-splitter.ts';
import { startProductProcessor, type ProductProcessor } from './product-pool.ts';
import { ProductSliceError, type XmlVersion } from './product-slice.ts';
import type { PreparedBatch, PreparedProduct, ProductBatch, ProductWorkSettings } from './product-work.ts';
import { OnixMessageReader, readOnixProducts, type OnixMessageInfo } from './read-message.ts';
import { StagedTitles } from './staging.ts';
import type { TitleFileFormat } from './title-file.ts';

/** Options of {@link importOnix}. */
export interface ImportOptions {
  /** The ONIX file (`.xml`, or gzip-compressed). */
  file: string;
  /** How the file is named in errors (default: `file`). */
  fileLabel?: string;
  /** Repository with `config/` and `catalog/`. */
  root: string;
  tenant: TenantConfig;
  /** Format of new title files (an updated file keeps its own). */
  format: TitleFileFormat;
  /** Update title files that already exist (otherwise such products are skipped). */
  update: boolean;
  /** Read, map and check everything, write nothing. */
  dryRun: boolean;
  /** Called once per product, in message order, with what became of it. */
  onProduct?: (outcome: ProductOutcome) => void | Promise<void>;
  /** Product parser threads besides the calling thread (0: none); default by file size, see {@link defaultProductThreads}. */
  threads?: number;
}

/** Files from this size up are imported with parser threads: smaller ones take less time than starting threads. */
export const THREADS_FROM_BYTES = 8_000_000;

/**
 * Parser threads for an input file of `bytes` bytes: one from {@link THREADS_FROM_BYTES} up on a machine with more
 * than one core. One, because the importing thread prepares products too, and each further thread adds about 60 MB
 * at peak: with two the 100,000-product benchmark passes issue 9's 250 MB.
 */
export function defaultProductThreads(bytes: number): number {
  return bytes >= THREADS_FROM_BYTES && availableParallelism() > 1 ? 1 : 0;
}

/** Most products per batch handed to a parser thread (a batch is what one chunk of input completes, usually fewer). */
const BATCH_PRODUCTS = 64;
/** Batches being prepared at a time, per thread: enough to keep threads busy while memory stays flat. */
const BATCHES_IN_FLIGHT_PER_THREAD = 4;

/**
 * Imports the file; resolves with the counts. Throws InvalidInputError for input that is not a readable ONIX 3.x
 * message (naming file, line and column); nothing is written then.
 */
export async function importOnix(options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const label = options.fileLabel ?? options.file;
  const titlesDir = `catalog/${options.tenant.id}/titles`;
  const settings: ProductWorkSettings = {
    root: options.root,
    titlesDir,
    supplier: options.tenant.supplier,
    format: options.format,
    update: options.update,
    dryRun: options.dryRun,
    existing: await existingTitleFiles(path.join(options.root, titlesDir)),
  };
  // An unreadable file gets no threads: reading it fails the same way either way.
  const threads = options.threads ?? defaultProductThreads((await stat(options.file).catch(() => undefined))?.size ?? 0);
  const processor = startProductProcessor(threads, settings);
  const run = new ImportRun(options, processor, (threads + 1) * BATCHES_IN_FLIGHT_PER_THREAD);
  try {
    await run.readAll(label);
    await run.finish();
  } catch (error) {
    await run.abort();
    // Products are read out of order on several threads, so a fault's position is only known for sure by reading
    // the message again in order, as one piece: that reader names the first fault exactly.
    if (error instanceof InvalidInputError || error instanceof ProductSliceError || error instanceof UnfinishedMessageError || error instanceof InputReadError) {
      throw await firstFault(options.file, label, error);
    }
    throw error;
  } finally {
    await processor.close();
  }
  run.summary.millis = Math.round(performance.now() - started);
  return run.summary;
}

/** The file could not be read to the end (bad gzip data, bytes that are not text in its encoding). */
class InputReadError extends Error {
  override name = 'InputReadError';
}

/** The fault the in-order reader finds in `file`; `found` is what the import ran into. */
async function firstFault(file: string, label: string, found: Error): Promise<Error> {
  try {
    for await (const product of readOnixProducts(readInputText(file), label)) void product;
  } catch (error) {
    return error as Error;
  }
  return new Error(`the ONIX file was refused by the product reader, but reads without fault in order: ${found.message}`);
}

/** A product cut out of the message, waiting for its batch. */
interface Cut {
  text: string;
  /** Its line as the text outside products counts it (1 + line breaks outside products before it). */
  outsideLine: number;
  message: OnixMessageInfo;
}

/** A batch handed to the processor, with what the importing thread keeps to finish its products. */
interface BatchInFlight {
  firstIndex: number;
  outsideLines: number[];
  prepared: Promise<PreparedBatch>;
}

/** One import: reads the message, hands products out in batches and finishes them in message order. */
class ImportRun {
  readonly summary: ImportSummary;
  private readonly seen = new SeenRecords();
  private staging: StagedTitles | undefined;
  private cuts: Cut[] = [];
  private readonly inFlight: BatchInFlight[] = [];
  private productCount = 0;
  /** Line breaks inside the products finished so far. */
  private productBreaks = 0;

  constructor(
    private readonly options: ImportOptions,
    private readonly processor: ProductProcessor,
    private readonly maxInFlight: number,
  ) {
    this.summary = emptySummary(options.dryRun);
  }

  /** Reads the whole message, finishing products as their batches come back. */
  async readAll(label: string): Promise<void> {
    const reader = new OnixMessageReader(label);
    let xmlVersion: XmlVersion = '1.0';
    const splitter = new MessageSplitter({
      outside: (text) => reader.write(text),
      isProduct: (qualified) => reader.referenceName(qualified) === 'Product',
      product: (text, qualified) => {
        // The reader sees an empty product in its place: it checks the message around the products and counts lines.
        reader.write(`<${qualified}/>`);
        const [stand] = reader.take();
        if (!stand) throw new ProductSliceError(`a product was cut out where the message reader sees no <${qualified}>`);
        xmlVersion = reader.xmlVersion;
        this.cuts.push({ text, outsideLine: stand.node.line, message: stand.message });
      },
    });
    for await (const chunk of readable(readInputText(this.options.file))) {
      splitter.push(chunk);
      await this.dispatch(xmlVersion);
    }
    splitter.end();
    reader.end();
  }

  /** Finishes every batch, then moves the staged files into the catalog. */
  async finish(): Promise<void> {
    while (this.inFlight.length > 0) await this.finishOldest();
    await this.staging?.commit();
  }

  /** Removes what was staged. */
  async abort(): Promise<void> {
    await this.staging?.abort();
  }

  /**
   * Hands out the products cut so far, finishing old batches while too many are in flight. Products go out as soon as
   * their chunk is split: held for longer, the chunk's text would outlive young-generation collections and pile up in
   * the old generation (that alone cost about 20 MB of peak RSS).
   */
  private async dispatch(xmlVersion: XmlVersion): Promise<void> {
    while (this.cuts.length > 0) {
      // A batch holds products read with the same header defaults.
      const message = this.cuts[0].message;
      let size = 1;
      while (size < Math.min(BATCH_PRODUCTS, this.cuts.length) && this.cuts[size].message === message) size++;
      const cuts = this.cuts.splice(0, size);
      const batch: ProductBatch = { firstIndex: this.productCount + 1, texts: cuts.map((c) => c.text), message, xmlVersion };
      this.productCount += size;
      const prepared = this.processor.prepare(batch);
      // Awaited in order later; until then a rejection must not count as unhandled.
      prepared.catch(() => undefined);
      this.inFlight.push({ firstIndex: batch.firstIndex, outsideLines: cuts.map((c) => c.outsideLine), prepared });
      while (this.inFlight.length > this.maxInFlight) await this.finishOldest();
    }
  }

  /** Turns the oldest batch's products into outcomes, in order, staging the files of those accepted. */
  private async finishOldest(): Promise<void> {
    const batch = this.inFlight.shift()!;
    const { products, files } = await batch.prepared;
    for (let i = 0; i < products.length; i++) {
      const product = products[i];
      const place = { index: batch.firstIndex + i, line: batch.outsideLines[i] + this.productBreaks + product.line - 1 };
      this.productBreaks += product.breaks;
      const outcome = this.outcomeOf(product, place);
      if (outcome.status !== 'skipped' && product.kind === 'title' && product.placement.status !== 'skipped' && product.placement.file) {
        const { name, start, end } = product.placement.file;
        await this.stage(name, files.subarray(start, end));
      }
      tally(this.summary, outcome);
      await this.options.onProduct?.(outcome);
    }
  }

  /** Stages a title file, opening the staging folder with the first one (input refused at its start touches nothing). */
  private async stage(name: string, bytes: Uint8Array): Promise<void> {
    this.staging ??= await StagedTitles.open(path.join(this.options.root, `catalog/${this.options.tenant.id}/titles`));
    await this.staging.write(name, bytes);
  }

  private outcomeOf(product: PreparedProduct, place: { index: number; line: number }): ProductOutcome {
    const { notCarried } = product;
    if (product.kind === 'skipped') {
      return { ...place, status: 'skipped', isbn: product.isbn, recordReference: product.recordReference, reason: product.reason, notCarried };
    }
    const clash = this.seen.clash(product);
    if (clash) return { ...place, status: 'skipped', isbn: product.isbn, reason: clash, notCarried };
    this.seen.add(product, place.index);
    const placement = product.placement;
    if (placement.status === 'skipped') return { ...place, status: 'skipped', isbn: product.isbn, reason: placement.reason, notCarried };
    const changes = placement.changes ? { changes: placement.changes } : {};
    return { ...place, status: placement.status, isbn: product.isbn, path: placement.path, ...changes, notCarried };
  }
}

/** The chunks of `chunks`, with a failure to read them as an InputReadError. */
async function* readable(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  try {
    yield* chunks;
  } catch (error) {
    throw new InputReadError((error as Error).message);
  }
}

/**
 * The ISBNs and record references of the products imported so far, to refuse a second product with either. Kept
 * compact, since it is the one thing that grows with the message: ISBNs as numbers, and only the record references
 * that differ from their ISBN (as copies: parsed text is a slice of its chunk, which a kept slice would keep alive).
 */
class SeenRecords {
  /** ISBN -> product index, negative when the product has its own record reference. */
  private readonly isbns = new Map<number, number>();
  /** Record references other than the product's ISBN -> that ISBN. */
  private readonly references = new Map<string, number>();

  /** Why `title` repeats an earlier product (same ISBN or record reference), or undefined. */
  clash(title: Pick<Title, 'isbn' | 'recordReference'>): string | undefined {
    const earlier = this.isbns.get(Number(title.isbn));
    if (earlier !== undefined) return `ISBN ${title.isbn} was already imported from product ${Math.abs(earlier)}; a catalog holds one title per ISBN`;
    const reference = title.recordReference;
    const owner = this.references.get(reference) ?? (/^\d{13}$/.test(reference) && (this.isbns.get(Number(reference)) ?? 0) > 0 ? Number(reference) : undefined);
    return owner === undefined ? undefined : `RecordReference ${reference} is already used by ${owner}; each title needs its own`;
  }

  add(title: Pick<Title, 'isbn' | 'recordReference'>, index: number): void {
    const own = title.recordReference !== title.isbn;
    this.isbns.set(Number(title.isbn), own ? -index : index);
    if (own) this.references.set(Buffer.from(title.recordReference).toString(), Number(title.isbn));
  }
}

/** ISBN -> file name of the title files already in the catalog. */
async function existingTitleFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  for (const name of names) {
    const m = /^(\d{13})\.(yaml|json)$/.exec(name);
    if (m) files.set(m[1], name);
  }
  return files;
}
