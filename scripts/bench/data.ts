/**
 * The data the stages share, generated once per harness run by `scripts/generate-catalog.ts`: catalogs of N title
 * files (YAML ones committed in a real git repository), and the ONIX messages built from them.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeCatalog, type TitleFormat } from '../generate-catalog.ts';
import { commitAll } from './git.ts';
import { inChild } from './measure.ts';

/** The tenant every generated catalog belongs to. */
export const BENCH_TENANT = 'bench';

/** Generated data under one folder, made on first use and reused by every stage after. */
export class BenchData {
  private readonly made = new Map<string, string>();

  constructor(
    readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  /** A repository root holding `titles` generated title files in `format`; YAML catalogs are committed to git. */
  catalog(titles: number, format: TitleFormat): string {
    return this.once(`catalog-${format}-${titles}`, (root) => {
      const started = performance.now();
      writeCatalog({ out: root, tenant: BENCH_TENANT, titles, format });
      if (format === 'yaml') commitAll(root, 'generated catalog', true);
      this.log(`  data: ${titles.toLocaleString('en-US')} ${format.toUpperCase()} titles generated${format === 'yaml' ? ' and committed' : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
  }

  /** The path of a complete ONIX 3.1 message of `titles` products (one document), built by the writer. */
  async onixMessage(titles: number): Promise<string> {
    const dir = join(this.dir, `onix-${titles}`);
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      await inChild('onix', 'writer', { titles, outDir: dir });
      this.made.set(dir, dir);
    }
    return join(dir, readdirSync(dir)[0]);
  }

  private once(name: string, make: (dir: string) => void): string {
    const dir = join(this.dir, name);
    if (!this.made.has(name)) {
      mkdirSync(dir, { recursive: true });
      make(dir);
      this.made.set(name, dir);
    }
    return dir;
  }
}
