/**
 * `validateOnixFile`: checks an ONIX file on disk against the official XSD of its release, streaming, in bounded
 * batches of products, so that a 100k-product file is checked in flat memory (a whole-file DOM would take ~2 GB).
 * Uniqueness of RecordReference, the one schema rule that spans products, is checked across batches here.
 */
import { createReadStream } from 'node:fs';
import type { OnixVersion } from '../config/tenant.ts';
import { OnixHeaderError, validateProductBatch, XSD_BATCH_CHARS, type MessageFrame } from './batch-validate.ts';
import { detached } from './detach.ts';
import { validateOnixText, XSD_PARALLELISM } from './xsd.ts';

/** A problem in the file: which product (0-based, with its RecordReference when readable), or the message itself. */
export interface OnixFileIssue {
  product?: number;
  recordReference?: string;
  message: string;
}

/** Outcome of validating one file. */
export interface OnixFileValidation {
  valid: boolean;
  version?: OnixVersion;
  products: number;
  issues: OnixFileIssue[];
  millis: number;
}

/** Options of validateOnixFile. */
export interface ValidateFileOptions {
  /** Most products per batch (default 1000; a batch also ends at XSD_BATCH_CHARS): bounds memory. */
  batchSize?: number;
}

// A product element starts here. Our own output never has CDATA, where such text could also appear.
const PRODUCT_START = /<Product[\s>]/g;
const MESSAGE_END = '</ONIXMessage>';
const RELEASE = /<ONIXMessage\b[^>]*\brelease="(3\.[01])"/;
const RECORD_REFERENCE = /<RecordReference>([^<]*)<\/RecordReference>/;

/** Validates an ONIX 3.1 or 3.0 (reference tags) file; `valid` is true only when nothing at all was found. */
export async function validateOnixFile(path: string, options: ValidateFileOptions = {}): Promise<OnixFileValidation> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 1000;
  const issues: OnixFileIssue[] = [];
  const references = new Map<string, number>();
  let frame: MessageFrame | undefined;
  let batch: string[] = [];
  let batchChars = 0;
  let firstInBatch = 0;
  let products = 0;
  let buffer = '';

  const done = (): OnixFileValidation => {
    // Batches finish in any order; report in file order, problems of the message itself first.
    issues.sort((a, b) => (a.product ?? -1) - (b.product ?? -1));
    return { valid: issues.length === 0, version: frame?.version, products, issues, millis: Math.round(performance.now() - started) };
  };

  // Up to XSD_PARALLELISM batches are checked at once; each holds its own products until its verdict is in.
  const inFlight: Promise<void>[] = [];
  const checkBatch = async (): Promise<void> => {
    if (!frame || batch.length === 0) return;
    const products = batch;
    const first = firstInBatch;
    const verdict = validateProductBatch(frame, products).then((failures) => {
      for (const [index, message] of failures) {
        issues.push({ product: first + index, recordReference: RECORD_REFERENCE.exec(products[index])?.[1], message });
      }
    });
    verdict.catch(() => undefined);
    inFlight.push(verdict);
    firstInBatch += batch.length;
    batch = [];
    batchChars = 0;
    if (inFlight.length >= XSD_PARALLELISM) await inFlight.shift();
  };

  const addProduct = async (text: string): Promise<void> => {
    const match = RECORD_REFERENCE.exec(text)?.[1];
    if (match !== undefined) {
      const reference = detached(match);
      const earlier = references.get(reference);
      if (earlier !== undefined) issues.push({ product: products, recordReference: reference, message: `RecordReference '${reference}' is also used by product ${earlier}; it must be unique in a message` });
      else references.set(reference, products);
    }
    batch.push(text);
    batchChars += text.length;
    products++;
    if (batch.length >= batchSize || batchChars >= XSD_BATCH_CHARS) await checkBatch();
  };

  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      buffer += chunk as string;
      if (!frame) {
        const first = firstProductStart(buffer);
        if (first === -1) continue;
        const version = RELEASE.exec(buffer.slice(0, first))?.[1] as OnixVersion | undefined;
        if (!version) {
          issues.push({ message: 'not an ONIX 3.0 or 3.1 message: the root <ONIXMessage> needs release="3.1" or release="3.0"' });
          return done();
        }
        frame = { header: buffer.slice(0, first), footer: `${MESSAGE_END}\n`, version };
        buffer = buffer.slice(first);
      }
      // Every product but the last one seen is complete: it ends where the next one starts.
      let start = 0;
      for (let next = productStartAfter(buffer, start); next !== -1; next = productStartAfter(buffer, start)) {
        await addProduct(buffer.slice(start, next));
        start = next;
      }
      buffer = buffer.slice(start);
    }
    if (!frame) {
      // No product at all (e.g. <NoProduct/>): small enough to validate whole.
      const version = RELEASE.exec(buffer)?.[1] as OnixVersion | undefined;
      if (!version) issues.push({ message: 'not an ONIX 3.0 or 3.1 message: the root <ONIXMessage> needs release="3.1" or release="3.0"' });
      else for (const issue of await validateOnixText(buffer, version)) issues.push({ message: lineMessage(issue.line, issue.message) });
      return { ...done(), version };
    }
    const end = buffer.lastIndexOf(MESSAGE_END);
    if (end === -1) issues.push({ message: `the file ends without ${MESSAGE_END}: it is cut short` });
    else {
      frame.footer = buffer.slice(end);
      await addProduct(buffer.slice(0, end));
    }
    await checkBatch();
    while (inFlight.length > 0) await inFlight.shift();
  } catch (error) {
    if (!(error instanceof OnixHeaderError)) throw error;
    issues.push({ message: error.issues.map((i) => lineMessage(i.line, i.message)).join('; ') });
  }
  return done();
}

function lineMessage(line: number | undefined, message: string): string {
  return line === undefined ? message : `line ${line}: ${message}`;
}

function firstProductStart(text: string): number {
  PRODUCT_START.lastIndex = 0;
  return PRODUCT_START.exec(text)?.index ?? -1;
}

/** Start of the product after the one that starts at `start`, or -1 when it is not in `text` yet. */
function productStartAfter(text: string, start: number): number {
  PRODUCT_START.lastIndex = start + 1;
  return PRODUCT_START.exec(text)?.index ?? -1;
}
