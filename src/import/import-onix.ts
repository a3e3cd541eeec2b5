/**
 * `importOnix`: an ONIX 3.x file -> title files in a tenant's catalog, one product at a time. Each product is mapped,
 * checked and written (staged) as it is read, so memory does not grow with the file; the staged files move into
 * `catalog/<tenant>/titles/` only once the whole file has been read, so bad input changes nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseTitleFile } from '../catalog/parse-title.ts';
import type { Title } from '../catalog/title.ts';
import type { TenantConfig } from '../config/tenant.ts';
import { emptySummary, tally, type ImportSummary, type ProductOutcome } from './import-report.ts';
import { readInputText } from './input-text.ts';
import { mapProduct } from './map-product.ts';
import { readOnixProducts } from './read-message.ts';
import { StagedTitles } from './staging.ts';
import { renderFileValue, type FileValue, type TitleFileFormat } from './title-file.ts';

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
}

/**
 * Imports the file; resolves with the counts. Throws InvalidInputError for input that is not a readable ONIX 3.x
 * message (naming file, line and column); nothing is written then.
 */
export async function importOnix(options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const summary = emptySummary(options.dryRun);
  const titlesDir = `catalog/${options.tenant.id}/titles`;
  const existing = await existingTitleFiles(path.join(options.root, titlesDir));
  // Opened with the first file to write, so that input refused at its start does not even touch the catalog folder.
  let staging: StagedTitles | undefined;
  const stage = async (fileName: string, text: string): Promise<void> => {
    if (options.dryRun) return;
    staging ??= await StagedTitles.open(path.join(options.root, titlesDir));
    await staging.write(fileName, text);
  };
  const seen = new SeenRecords();
  try {
    for await (const product of readOnixProducts(readInputText(options.file), options.fileLabel ?? options.file)) {
      const place = { index: product.index, line: product.node.line };
      const mapped = mapProduct(product, options.tenant.supplier);
      let outcome: ProductOutcome;
      if (mapped.kind === 'skipped') {
        outcome = { ...place, status: 'skipped', isbn: mapped.isbn, recordReference: mapped.recordReference, reason: mapped.reason, notCarried: mapped.notCarried };
      } else {
        const { title, file, notCarried } = mapped;
        const clash = seen.clash(title);
        if (clash) outcome = { ...place, status: 'skipped', isbn: title.isbn, reason: clash, notCarried };
        else {
          seen.add(title, product.index);
          outcome = await placeTitle({ title, file }, { ...options, titlesDir, existing, stage }, place, notCarried);
        }
      }
      tally(summary, outcome);
      await options.onProduct?.(outcome);
    }
    await staging?.commit();
  } catch (error) {
    await staging?.abort();
    throw error;
  }
  summary.millis = Math.round(performance.now() - started);
  return summary;
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
  clash(title: Title): string | undefined {
    const earlier = this.isbns.get(Number(title.isbn));
    if (earlier !== undefined) return `ISBN ${title.isbn} was already imported from product ${Math.abs(earlier)}; a catalog holds one title per ISBN`;
    const reference = title.recordReference;
    const owner = this.references.get(reference) ?? (/^\d{13}$/.test(reference) && (this.isbns.get(Number(reference)) ?? 0) > 0 ? Number(reference) : undefined);
    return owner === undefined ? undefined : `RecordReference ${reference} is already used by ${owner}; each title needs its own`;
  }

  add(title: Title, index: number): void {
    const own = title.recordReference !== title.isbn;
    this.isbns.set(Number(title.isbn), own ? -index : index);
    if (own) this.references.set(Buffer.from(title.recordReference).toString(), Number(title.isbn));
  }
}

interface Placement {
  root: string;
  titlesDir: string;
  format: TitleFileFormat;
  update: boolean;
  existing: Map<string, string>;
  /** Stages a title file for the titles folder (a no-op in a dry run). */
  stage: (fileName: string, text: string) => Promise<void>;
}

/** Decides create / update / unchanged / skip for a title against the catalog, and stages the file to write. */
async function placeTitle(
  { title, file }: { title: Title; file: FileValue },
  at: Placement,
  place: { index: number; line: number },
  notCarried: ProductOutcome['notCarried'],
): Promise<ProductOutcome> {
  const current = at.existing.get(title.isbn);
  if (current === undefined) {
    const fileName = `${title.isbn}.${at.format}`;
    await at.stage(fileName, renderFileValue(file, at.format));
    return { ...place, status: 'created', isbn: title.isbn, path: `${at.titlesDir}/${fileName}`, notCarried };
  }
  const filePath = `${at.titlesDir}/${current}`;
  if (!at.update) {
    return { ...place, status: 'skipped', isbn: title.isbn, reason: `${filePath} already exists; run with --update to update it`, notCarried };
  }
  const before = parseTitleFile(filePath, await readFile(path.join(at.root, filePath), 'utf8')).title;
  const changes = before ? changedFields(before, title) : ['(the file did not pass its checks; it is replaced)'];
  if (changes.length === 0) return { ...place, status: 'unchanged', isbn: title.isbn, path: filePath, notCarried };
  await at.stage(current, renderFileValue(file, current.endsWith('.json') ? 'json' : 'yaml'));
  return { ...place, status: 'updated', isbn: title.isbn, path: filePath, changes, notCarried };
}

/** Top-level fields whose values differ (both titles are normalised, so equal values serialise the same). */
function changedFields(before: Title, after: Title): string[] {
  // The new title's keys first: normalised, they come in the schema's order.
  const keys = new Set([...Object.keys(after), ...Object.keys(before)] as (keyof Title)[]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
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
