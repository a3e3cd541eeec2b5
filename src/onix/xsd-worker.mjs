// XSD validation worker (see xsd.ts). Plain JavaScript on purpose: the worker starts without the tsx loader, which
// would otherwise transform libxml2-wasm's 1 MB module (embedded WASM) on every start, costing ~1.5 s and ~180 MB.
//
// Messages in:  { id, xml, version }  -> out: { id, issues: [{ line?, message }] }
import { readdirSync, readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import {
  XmlBufferInputProvider,
  XmlDocument,
  XmlParseError,
  XmlValidateError,
  XsdValidator,
  xmlRegisterInputProvider,
} from 'libxml2-wasm';

/** Folder holding `3.1/` and `3.0/`, each with the official reference XSD and the files it includes. */
const schemaRoot = workerData.schemaRoot;
const compiled = new Map();
// Serves the includes from the pinned schema folders only: libxml2 never reads another file or the network.
const provider = new XmlBufferInputProvider({});
xmlRegisterInputProvider(provider);

function schema(version) {
  let validator = compiled.get(version);
  if (validator) return validator;
  const dir = `${schemaRoot}${version}/`;
  for (const file of readdirSync(dir)) if (file.endsWith('.xsd')) provider.addBuffer(dir + file, readFileSync(dir + file));
  const main = `${dir}ONIX_BookProduct_${version}_reference.xsd`;
  const doc = XmlDocument.fromBuffer(readFileSync(main), { url: main });
  try {
    validator = XsdValidator.fromDoc(doc);
  } finally {
    doc.dispose();
  }
  compiled.set(version, validator);
  return validator;
}

function issuesOf(details) {
  return details.map((d) => ({ line: d.line || undefined, message: d.message }));
}

function validate(xml, version) {
  const validator = schema(version);
  let doc;
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

parentPort.on('message', ({ id, xml, version }) => {
  try {
    parentPort.postMessage({ id, issues: validate(xml, version) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
