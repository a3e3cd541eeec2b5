/**
 * The build half of a feed run: the selected titles as the documents to send, for either delivery format.
 *
 * A listings tenant gets its ONIX message built and validated too: it is the publisher's record of what was sent (a
 * run artifact, with its hash in the history), so it holds exactly the titles the listings documents carry. A title
 * that the ONIX checks hold back is not sent as a listing either, and one the listings mapping cannot carry is left
 * out of the ONIX record.
 *
 * Titles stream from the files (`streamCatalog`) instead of being loaded, so a full feed of a large catalog holds a
 * bounded number of titles: the ONIX and listings writers read them as they write. A listings feed walks the catalog
 * up to three times (listings, ONIX record, listings again without what the record held back), reading the files
 * again each time rather than holding them between passes.
 */
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { buildListingsDocuments, type ListingsBuildResult } from '../amazon/listings/documents.ts';
import type { LoadedTitle, Title } from '../catalog/title.ts';
import { byPlace } from '../catalog/load.ts';
import { streamCatalog } from '../catalog/stream.ts';
import type { Problem } from '../config/problem.ts';
import type { TenantConfig } from '../config/tenant.ts';
import { buildOnix, type OnixBuildResult, type OnixDeletion } from '../onix/build.ts';
import type { JournalDocument } from './journal.ts';
import type { FeedArtifactRecord, FeedRecord } from './record.ts';
import type { Selection } from './select.ts';

/** The content type ONIX documents are declared and uploaded with. */
export const ONIX_CONTENT_TYPE = 'text/xml; charset=UTF-8';

type HeldBack = NonNullable<FeedRecord['heldBack']>;

/** A file kept with the run but not sent (the ONIX record of a listings feed), and where it is. */
export interface BuiltArtifact extends FeedArtifactRecord {
  path: string;
}

/** What {@link buildDocuments} made. */
export interface Built {
  /** The documents to send. */
  documents: JournalDocument[];
  /** Kept, not sent: the ONIX record of a listings feed (empty for an ONIX feed, whose documents are the ONIX). */
  artifacts: BuiltArtifact[];
  /** Titles left out, with why, in ISBN order. */
  heldBack: HeldBack;
  /** Complete records in the documents. */
  written: number;
  /** Deletions in the documents. */
  deleted: number;
}

/** Input of {@link buildDocuments}. */
export interface BuildDocumentsOptions {
  /** Repository with `config/` and `catalog/`. */
  root: string;
  tenant: TenantConfig;
  selection: Selection;
  outDir: string;
  /** Names the files and dates the ONIX header. */
  startedAt: Date;
  /** The ONIX header's MessageNumber of the first ONIX document; later parts number on from it. */
  messageNumber: number;
  /** Where AMAZON_SELLER_ID is read for listings. */
  env?: NodeJS.ProcessEnv;
}

/** Builds (and validates) the documents of one feed run into `outDir`; see the module comment. */
export async function buildDocuments(options: BuildDocumentsOptions): Promise<Built> {
  const { root, tenant, selection } = options;
  const isbns = selection.isbns ? new Set(selection.isbns) : undefined;
  const problems: Problem[] = [];
  let firstPass = true;
  const readTitles = () => {
    // Every pass reads the same files, so their problems are collected once.
    const onProblem = firstPass ? (problem: Problem) => problems.push(problem) : ignoreProblem;
    firstPass = false;
    return streamCatalog(root, tenant.id, { isbns, onProblem });
  };
  const built = tenant.amazon.delivery.format === 'listings'
    ? await buildListingsWithOnixRecord({ ...options, readTitles, deletions: selection.deletions, previous: selection.previous })
    : await buildOnixFeed({ ...options, readTitles, deletions: selection.deletions });
  // Only now has every pass ended, and with it every problem been reported.
  const invalidFiles = heldBackFromProblems(problems.sort(byPlace));
  return { ...built, heldBack: byIsbn([...invalidFiles, ...built.heldBack]) };
}

/** The parts of the selection that load: a title stream to read once per pass, and the deletions. */
interface LoadedSelection extends BuildDocumentsOptions {
  /** The selected titles, read from the files again on each call, in ISBN order. */
  readTitles: () => AsyncIterable<LoadedTitle>;
  deletions: OnixDeletion[];
  previous?: ReadonlyMap<string, Title>;
}

async function buildOnixFeed(options: LoadedSelection): Promise<Built> {
  const result = await onix(options, options.readTitles(), options.deletions);
  return {
    documents: result.documents.map((d) => ({
      fileName: d.fileName, path: d.path, bytes: d.bytes, sha256: d.sha256, products: d.products, contentType: ONIX_CONTENT_TYPE,
      messageNumber: d.messageNumber, isbns: d.isbns,
    })),
    artifacts: [],
    heldBack: result.heldBack,
    written: result.written,
    deleted: result.deleted,
  };
}

/**
 * Listings first (cheap, and a configuration error shows before the XSD work), then the ONIX record of what the
 * listings carry; the listings are built again without any title the ONIX checks held back.
 */
async function buildListingsWithOnixRecord(options: LoadedSelection): Promise<Built> {
  const first = await listingsFor(options, options.readTitles(), options.deletions);
  if (!first.documents.length) return { documents: [], artifacts: [], heldBack: first.heldBack, written: 0, deleted: 0 };
  const unlisted = isbnsOf(first.heldBack);
  const deletions = options.deletions.filter((d) => !unlisted.has(d.isbn));

  let record: OnixBuildResult;
  try {
    record = await onix(options, without(options.readTitles(), unlisted), deletions);
  } catch (error) {
    await removeFiles(first.documents);
    throw error;
  }
  const heldBack = [...first.heldBack, ...record.heldBack];
  let listings = first;
  const heldByOnix = isbnsOf(record.heldBack);
  if (heldByOnix.size) {
    await removeFiles(first.documents);
    const leftOut = new Set([...unlisted, ...heldByOnix]);
    listings = await listingsFor(options, without(options.readTitles(), leftOut), deletions.filter((d) => !heldByOnix.has(d.isbn)));
    heldBack.push(...listings.heldBack);
  }
  // Nothing left to send (every deletion clashed, say): a record of nothing is no record.
  const artifacts = listings.documents.length ? record.documents : [];
  if (!artifacts.length) await removeFiles(record.documents);
  return {
    documents: listings.documents.map((d) => ({
      fileName: d.fileName, path: d.path, bytes: d.bytes, sha256: d.sha256, products: d.messages, contentType: d.contentType,
      isbns: d.isbns, skuToIsbn: d.skuToIsbn,
    })),
    artifacts: artifacts.map(({ path, fileName, bytes, sha256, products, messageNumber }) => ({ path, fileName, bytes, sha256, products, messageNumber })),
    heldBack,
    written: listings.written,
    deleted: listings.deleted,
  };
}

function onix(options: LoadedSelection, titles: AsyncIterable<LoadedTitle>, deletions: OnixDeletion[]): Promise<OnixBuildResult> {
  return buildOnix({ tenant: options.tenant, titles, deletions, now: options.startedAt, messageNumber: options.messageNumber, outDir: options.outDir });
}

function listingsFor(options: LoadedSelection, titles: AsyncIterable<LoadedTitle>, deletions: OnixDeletion[]): Promise<ListingsBuildResult> {
  return buildListingsDocuments({
    tenant: options.tenant, titles, deletions, previous: options.previous, outDir: options.outDir, now: options.startedAt, root: options.root, env: options.env,
  });
}

/** The titles of `titles` whose ISBN is not in `isbns`. */
async function* without(titles: AsyncIterable<LoadedTitle>, isbns: ReadonlySet<string>): AsyncGenerator<LoadedTitle> {
  for await (const loaded of titles) if (!isbns.has(loaded.title.isbn)) yield loaded;
}

function ignoreProblem(): void {}

/** Title files that did not load, one entry per file with all of its problems. */
function heldBackFromProblems(problems: Problem[]): HeldBack {
  const byPath = new Map<string, string[]>();
  for (const p of problems) byPath.set(p.path, [...(byPath.get(p.path) ?? []), `${p.line}:${p.col}: ${p.message}`]);
  return [...byPath].map(([path, messages]) => ({ isbn: basename(path).replace(/\.(yaml|json)$/, ''), path, reason: messages.join('; ') }));
}

async function removeFiles(files: { path: string }[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f.path, { force: true })));
}

function isbnsOf(heldBack: HeldBack): Set<string> {
  return new Set(heldBack.map((h) => h.isbn));
}

function byIsbn(heldBack: HeldBack): HeldBack {
  return [...heldBack].sort((a, b) => (a.isbn < b.isbn ? -1 : a.isbn > b.isbn ? 1 : 0));
}
