/**
 * `onix-feeds import FILE --tenant T [--format yaml|json] [--update] [--dry-run]`: turns an ONIX 3.0/3.1 export
 * (reference or short tags, plain or gzip) into the tenant's title files, then prints the import report: per product
 * what was created, updated or skipped and what could not be carried over, and a summary.
 * Exit 0 when the file was read (even if some products were skipped), 1 for input that cannot be read as ONIX 3.x
 * (nothing is written then), 2 for usage errors.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { UsageError, type Command, type CommandContext } from '../cli.ts';
import { loadTenant } from '../config/load.ts';
import { InvalidInputError } from '../config/problem.ts';
import { formatOutcome, formatSummary } from '../import/import-report.ts';
import { importOnix } from '../import/import-onix.ts';
import type { TitleFileFormat } from '../import/title-file.ts';

const FORMATS: readonly TitleFileFormat[] = ['yaml', 'json'];

/** The `import` command, registered in src/cli.ts. */
export const importCommand: Command = {
  summary: 'Create title files from an ONIX 3.0/3.1 file (.xml or .xml.gz) and report what could not be carried over.',
  usage: 'onix-feeds import FILE --tenant T [--format yaml|json] [--update] [--dry-run] [--root DIR]   (FILE relative to --root)',
  options: {
    tenant: { type: 'string' },
    format: { type: 'string' },
    update: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  async run(ctx) {
    const [file, extra] = ctx.positionals;
    const tenantId = ctx.values.tenant;
    const format = (ctx.values.format ?? 'yaml') as TitleFileFormat;
    if (!file) throw new UsageError('give the ONIX file to import');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    if (typeof tenantId !== 'string') throw new UsageError('--tenant is required');
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be yaml or json, got '${format}'`);
    const source = path.resolve(ctx.root, file);
    if (!(await stat(source).catch(() => undefined))?.isFile()) throw new UsageError(`${file} is not a file`);
    try {
      return await runImport(ctx, { file, source, tenantId, format });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      ctx.stderr(`${error.message}\nnothing was imported.\n`);
      return 1;
    }
  },
};

async function runImport(ctx: CommandContext, args: { file: string; source: string; tenantId: string; format: TitleFileFormat }): Promise<number> {
  const { config: tenant } = await loadTenant(ctx.root, args.tenantId);
  const dryRun = ctx.values['dry-run'] === true;
  // Per-product lines wait in a temporary file until the import has succeeded: on bad input the only output is the
  // error, and a report of 100,000 products never sits in memory.
  const reportDir = await mkdtemp(path.join(os.tmpdir(), 'onix-feeds-import-'));
  const reportPath = path.join(reportDir, 'report.txt');
  const report = createWriteStream(reportPath);
  try {
    const summary = await importOnix({
      file: args.source,
      fileLabel: args.file,
      root: ctx.root,
      tenant,
      format: args.format,
      update: ctx.values.update === true,
      dryRun,
      onProduct: async (outcome) => {
        const text = formatOutcome(outcome, dryRun);
        if (text && !report.write(text)) await once(report, 'drain');
      },
    });
    report.end();
    await finished(report);
    for await (const chunk of createReadStream(reportPath, { encoding: 'utf8' })) ctx.stdout(chunk as string);
    ctx.stdout(formatSummary(summary, args.file, tenant.id));
    return 0;
  } finally {
    report.destroy();
    await rm(reportDir, { recursive: true, force: true });
  }
}
