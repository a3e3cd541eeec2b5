/**
 * `buildOnix`: a tenant's titles (and deletions) -> one or more complete ONIX documents on disk, each validated
 * before anything leaves. Titles that fail a check are held back with the reason; the rest are written.
 *
 * Flow per product, in ISBN order: business rules (`checkTitle`) -> XML (`productXml`) -> [XSD, in bounded batches
 * checked in parallel by worker threads] -> `DocumentSink` (splitting by maxFeedBytes, streaming, sha256).
 */
import { mkdir } from 'node:fs/promises';
import type { LoadedTitle } from '../catalog/title.ts';
import type { TenantConfig } from '../config/tenant.ts';
import { validateProductBatch, XSD_BATCH_CHARS, type MessageFrame } from './batch-validate.ts';
import { DocumentSink, ProductTooLargeError, type OnixDocument } from './document-sink.ts';
import { onixFileName } from './file-name.ts';
import { MESSAGE_FOOTER, messageHeader } from './header.ts';
import { deletionXml, productXml, type ProductContext } from './product.ts';
import { checkTitle } from './rules.ts';
import { detached } from './detach.ts';
import { onixRelease } from './version.ts';
import { XSD_PARALLELISM } from './xsd.ts';

/** A record that goes to Amazon to withdraw a title no longer in the catalog. */
export interface OnixDeletion {
  isbn: string;
  recordReference: string;
}

/** Input of `buildOnix` (docs/modules.md). */
export interface OnixBuildOptions {
  tenant: TenantConfig;
  /**
   * Complete records to send: every live title for a full feed, the changed ones for a delta. An array is sorted
   * here; an iterable (to stream a large catalog without holding it) must already be in ISBN order.
   */
  titles: readonly LoadedTitle[] | Iterable<LoadedTitle> | AsyncIterable<LoadedTitle>;
  /** NotificationType 05 records for titles deleted since they were last sent. */
  deletions: OnixDeletion[];
  /** Header SentDateTime and file-name time. */
  now: Date;
  /** MessageNumber of the first document; a split feed numbers its parts on from it (part n: messageNumber + n - 1). */
  messageNumber: number;
  outDir: string;
  /** Validate against the official XSD before writing (default true; off only for benchmarks of the writer). */
  validateXsd?: boolean;
  /** Most products per XSD batch (default 1000; a batch also ends at XSD_BATCH_CHARS of XML). */
  xsdBatchSize?: number;
}

/** A title that was not written, with why. */
export interface HeldBackTitle {
  isbn: string;
  /** The title file, relative to the repository root; empty for a deletion record. */
  path: string;
  reason: string;
}

/** A document `buildOnix` wrote, with the MessageNumber in its header. */
export interface NumberedOnixDocument extends OnixDocument {
  messageNumber: number;
}

/** What `buildOnix` wrote (docs/modules.md). */
export interface OnixBuildResult {
  documents: NumberedOnixDocument[];
  heldBack: HeldBackTitle[];
  /** Complete records written. */
  written: number;
  /** Deletion records written. */
  deleted: number;
  millis: number;
}

/** Every title was held back: there is nothing valid to send. */
export class NothingValidError extends Error {
  override name = 'NothingValidError';
  constructor(readonly heldBack: HeldBackTitle[]) {
    super(
      `no title of the ${heldBack.length} given passed the ONIX checks, so no feed was written:\n` +
        heldBack.map((h) => `${h.path}: ${h.reason}`).join('\n'),
    );
  }
}

/** One record waiting to be written, in ISBN order. */
interface Entry {
  isbn: string;
  /** Title file for a complete record; undefined for a deletion. */
  path?: string;
  xml: string;
}

const DEFAULT_XSD_BATCH = 1000;

/** Builds the ONIX document(s) for `titles` and `deletions`; see OnixBuildResult. */
export async function buildOnix(options: OnixBuildOptions): Promise<OnixBuildResult> {
  const started = performance.now();
  const { tenant } = options;
  const release = onixRelease(tenant.onix.version);
  const ctx: ProductContext = { release, supplier: tenant.supplier, forthcomingAsAdvance: tenant.onix.forthcomingAsAdvance };
  const headerOfPart = (part: number) => messageHeader(tenant.sender, { release, messageNumber: options.messageNumber + part - 1, sentAt: options.now });
  const frame: MessageFrame = { header: headerOfPart(1), footer: MESSAGE_FOOTER, version: release.version };
  const batchSize = options.xsdBatchSize ?? DEFAULT_XSD_BATCH;
  const validateXsd = options.validateXsd ?? true;

  await mkdir(options.outDir, { recursive: true });
  const sink = new DocumentSink({
    outDir: options.outDir,
    header: headerOfPart,
    footer: MESSAGE_FOOTER,
    maxBytes: tenant.amazon.delivery.maxFeedBytes,
    fileName: (part, parts) => onixFileName(tenant.id, release, options.now, part, parts),
  });
  const heldBack: HeldBackTitle[] = [];
  let written = 0;
  let deleted = 0;

  const write = async (entry: Entry): Promise<void> => {
    try {
      await sink.add(entry.xml, entry.isbn);
    } catch (error) {
      if (!(error instanceof ProductTooLargeError)) throw error;
      heldBack.push({ isbn: entry.isbn, path: entry.path ?? '', reason: error.message });
      return;
    }
    if (entry.path === undefined) deleted++;
    else written++;
  };

  // Batches are validated in parallel (one per validator thread) and written in order as their verdicts arrive.
  let batch: Entry[] = [];
  let batchChars = 0;
  const inFlight: { entries: Entry[]; failures: Promise<Map<number, string>> }[] = [];
  const writeOldest = async (): Promise<void> => {
    const { entries, failures } = inFlight.shift()!;
    const verdict = await failures;
    for (let i = 0; i < entries.length; i++) {
      const reason = verdict.get(i);
      if (reason === undefined) await write(entries[i]);
      else heldBack.push({ isbn: entries[i].isbn, path: entries[i].path ?? '', reason });
    }
  };
  const flushBatch = async (): Promise<void> => {
    const failures = validateProductBatch(frame, batch.map((e) => e.xml));
    // Rejections are handled when the batch's turn comes; until then they must not count as unhandled.
    failures.catch(() => undefined);
    inFlight.push({ entries: batch, failures });
    batch = [];
    batchChars = 0;
    if (inFlight.length >= XSD_PARALLELISM) await writeOldest();
  };

  // RecordReference must be unique in a message (an XSD rule, but batches only see themselves), so it is checked here.
  const recordReferences = new Map<string, string>();
  // Values are the owners' ISBNs, shared with the document's ISBN list, so a 100k catalog costs little memory here.
  const claimRecordReference = (reference: string, ownerIsbn: string): string | undefined => {
    const earlier = recordReferences.get(reference);
    if (earlier !== undefined) return `recordReference '${reference}' is already used by the title with ISBN ${earlier}; each title needs its own`;
    recordReferences.set(reference === ownerIsbn ? ownerIsbn : detached(reference), ownerIsbn);
    return undefined;
  };

  try {
    let titlesSeen = 0;
    for await (const item of mergeByIsbn(options.titles, options.deletions)) {
      let entry: Entry;
      if ('title' in item) {
        titlesSeen++;
        const { title, source } = item;
        const isbn = detached(title.isbn);
        const reasons = checkTitle(title);
        const clash = claimRecordReference(title.recordReference, isbn);
        if (clash) reasons.push(clash);
        if (reasons.length > 0) {
          heldBack.push({ isbn, path: source.path, reason: reasons.join('; ') });
          continue;
        }
        entry = { isbn, path: source.path, xml: productXml(title, ctx) };
      } else {
        const isbn = detached(item.isbn);
        const clash = claimRecordReference(item.recordReference, isbn);
        if (clash) {
          heldBack.push({ isbn, path: '', reason: `deletion: ${clash}` });
          continue;
        }
        entry = { isbn, xml: deletionXml(item.isbn, item.recordReference) };
      }
      if (!validateXsd) await write(entry);
      else {
        batch.push(entry);
        batchChars += entry.xml.length;
        if (batch.length >= batchSize || batchChars >= XSD_BATCH_CHARS) await flushBatch();
      }
    }
    if (batch.length > 0) await flushBatch();
    while (inFlight.length > 0) await writeOldest();
    if (titlesSeen > 0 && written === 0 && deleted === 0) throw new NothingValidError(heldBack);
    const documents = (await sink.finish()).map((d, i) => ({ ...d, messageNumber: options.messageNumber + i }));
    heldBack.sort(byIsbn((h) => h.isbn));
    return { documents, heldBack, written, deleted, millis: Math.round(performance.now() - started) };
  } catch (error) {
    await sink.abort();
    throw error;
  }
}

function byIsbn<T>(isbnOf: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ia = isbnOf(a);
    const ib = isbnOf(b);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
}

/**
 * Titles and deletions in one ISBN order, so the output does not depend on the order of the input. Streams: a title
 * iterable is merged with the (small, sorted) deletions as it is read.
 */
async function* mergeByIsbn(
  titles: OnixBuildOptions['titles'],
  deletions: readonly OnixDeletion[],
): AsyncGenerator<LoadedTitle | OnixDeletion> {
  const source: Iterable<LoadedTitle> | AsyncIterable<LoadedTitle> = Array.isArray(titles)
    ? [...(titles as readonly LoadedTitle[])].sort(byIsbn((t) => t.title.isbn))
    : titles;
  const pending = [...deletions].sort(byIsbn((d) => d.isbn));
  let next = 0;
  let previous = '';
  for await (const loadedTitle of source) {
    const isbn = loadedTitle.title.isbn;
    if (isbn < previous) throw new TitleOrderError(previous, isbn);
    previous = isbn;
    while (next < pending.length && pending[next].isbn <= isbn) yield pending[next++];
    yield loadedTitle;
  }
  while (next < pending.length) yield pending[next++];
}

/** A streamed title source that is not in ISBN order (a bug in the caller: ISBN order makes output deterministic). */
export class TitleOrderError extends Error {
  override name = 'TitleOrderError';
  constructor(previous: string, isbn: string) {
    super(`titles must come in ISBN order when streamed: ${isbn} came after ${previous}; pass an array to have them sorted`);
  }
}
