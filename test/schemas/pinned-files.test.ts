/**
 * The official schemas are used unmodified: every file under schemas/ must hash to the sha256 its SOURCE.md
 * records, and every schema file must be listed there, so an edit or an unrecorded update fails the suite.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SCHEMAS = new URL('../../schemas/', import.meta.url);

/** file (relative to its SOURCE.md's folder) -> sha256, from table rows and "SHA-256 of the file" lines. */
function recordedHashes(sourceMd: string, folderOf: (heading: string) => string): Map<string, string> {
  const hashes = new Map<string, string>();
  let folder = '';
  let singleFile = '';
  for (const line of sourceMd.split('\n')) {
    const heading = /^\| File in `([^`]+)\/`/.exec(line);
    if (heading) folder = folderOf(heading[1]);
    const fileLine = /^- File: `([^`]+)`/.exec(line);
    if (fileLine) singleFile = fileLine[1];
    const sha = /SHA-256 of the file: `([0-9a-f]{64})`/.exec(line);
    if (sha && singleFile) hashes.set(singleFile, sha[1]);
    const row = /^\| `([^`]+)` \|.*`([0-9a-f]{64})`/.exec(line);
    if (row) hashes.set(folder ? `${folder}/${row[1]}` : row[1], row[2]);
  }
  return hashes;
}

const sha256 = (url: URL) => createHash('sha256').update(readFileSync(url)).digest('hex');

describe('pinned schemas', () => {
  it('ONIX XSDs (3.1 and 3.0) are byte for byte what SOURCE.md records', () => {
    const recorded = recordedHashes(readFileSync(new URL('onix/SOURCE.md', SCHEMAS), 'utf8'), (f) => f);
    const files = ['3.1', '3.0'].flatMap((v) => readdirSync(new URL(`onix/${v}/`, SCHEMAS)).map((name) => `${v}/${name}`));
    expect(files.length).toBe(8);
    for (const file of files) {
      expect(recorded.get(file), `${file} is not recorded in schemas/onix/SOURCE.md`).toBeDefined();
      expect(sha256(new URL(`onix/${file}`, SCHEMAS)), file).toBe(recorded.get(file));
    }
  });

  it("Amazon's Feeds model and listings schemas are byte for byte what SOURCE.md records", () => {
    const recorded = recordedHashes(readFileSync(new URL('sp-api/SOURCE.md', SCHEMAS), 'utf8'), () => '');
    const files = readdirSync(new URL('sp-api/', SCHEMAS)).filter((name) => name.endsWith('.json'));
    expect(files.length).toBe(6);
    for (const file of files) {
      expect(recorded.get(file), `${file} is not recorded in schemas/sp-api/SOURCE.md`).toBeDefined();
      expect(sha256(new URL(`sp-api/${file}`, SCHEMAS)), file).toBe(recorded.get(file));
    }
  });
});
