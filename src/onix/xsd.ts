/**
 * Validation against EDItEUR's official ONIX XSDs (pinned in `schemas/onix/<version>/`), in-process with libxml2-wasm.
 *
 * The schema's `xs:include`s are served from that folder only (an in-memory input provider holding exactly its
 * `.xsd` files), so validation never reads the network or any other file. Each schema is compiled once per process.
 * Large messages are validated in bounded batches of products (see `validateProductBatch`) so that WASM memory,
 * which never shrinks, stays flat whatever the catalog size.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  XmlBufferInputProvider,
  XmlDocument,
  XmlParseError,
  XmlValidateError,
  XsdValidator,
  xmlRegisterInputProvider,
  type ErrorDetail,
} from 'libxml2-wasm';
import type { OnixVersion } from '../config/tenant.ts';

/** One schema error, with the 1-based line of the validated text when libxml2 reports it. */
export interface XsdIssue {
  line?: number;
  message: string;
}

const SCHEMA_ROOT = new URL('../../schemas/onix/', import.meta.url);
const compiled = new Map<OnixVersion, XsdValidator>();
const provider = new XmlBufferInputProvider({});
let providerRegistered = false;

function schemaDir(version: OnixVersion): string {
  return fileURLToPath(new URL(`${version}/`, SCHEMA_ROOT));
}

/** The compiled reference-tag schema of an ONIX release; compiled on first use, then reused. */
export function onixSchema(version: OnixVersion): XsdValidator {
  const cached = compiled.get(version);
  if (cached) return cached;
  const dir = schemaDir(version);
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.xsd')) provider.addBuffer(dir + file, readFileSync(dir + file));
  }
  if (!providerRegistered) providerRegistered = xmlRegisterInputProvider(provider);
  const main = `${dir}ONIX_BookProduct_${version}_reference.xsd`;
  const schemaDoc = XmlDocument.fromBuffer(readFileSync(main), { url: main });
  try {
    const validator = XsdValidator.fromDoc(schemaDoc);
    compiled.set(version, validator);
    return validator;
  } finally {
    schemaDoc.dispose();
  }
}

/** Drops the code list enumeration libxml2 appends to a facet error: hundreds of codes help nobody. */
function shorten(message: string): string {
  return message.replace(/ \{'[^}]*\}/, '').replace(/\{http:\/\/ns\.editeur\.org\/onix\/3\.[01]\/reference\}/g, '').trim();
}

function issuesOf(details: ErrorDetail[]): XsdIssue[] {
  return details.map((d) => ({ line: d.line || undefined, message: shorten(d.message) }));
}

/** Validates one complete ONIX message held in memory; an empty list means valid. */
export function validateOnixText(xml: string, version: OnixVersion): XsdIssue[] {
  const validator = onixSchema(version);
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml);
  } catch (error) {
    if (error instanceof XmlParseError) return issuesOf(error.details);
    throw error;
  }
  try {
    validator.validate(doc);
    return [];
  } catch (error) {
    if (error instanceof XmlValidateError) return issuesOf(error.details);
    throw error;
  } finally {
    doc.dispose();
  }
}
