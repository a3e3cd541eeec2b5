/**
 * `onix-feeds build --tenant T [--titles all|changed] [--out DIR]`: writes the tenant's ONIX document(s), prints
 * their paths (one per line), then a build report: products written, held back with reasons, bytes, sha256, time.
 * Exit 0 when documents were written or there was nothing to send; 1 when input is invalid or no title is valid.
 */
import path from 'node:path';
import { byPlace } from '../catalog/load.ts';
import { streamCatalog } from '../catalog/stream.ts';
import type { LoadedTitle } from '../catalog/title.ts';
import type { Command, CommandContext } from '../cli.ts';
import { loadTenant } from '../config/load.ts';
import { formatProblem, InvalidInputError, type Problem } from '../config/problem.ts';
import type { TitlesMode } from '../config/tenant.ts';
import { readHistory } from '../feed/history.ts';
import { nextMessageNumber } from '../feed/message-numbers.ts';
import { selectTitles } from '../feed/select.ts';
import { buildOnix, NothingValidError, type OnixBuildResult } from '../onix/build.ts';
import { OnixHeaderError } from '../onix/batch-validate.ts';

const TITLES_MODES: readonly TitlesMode[] = ['all', 'changed'];

/** The `build` command. */
export const buildCommand: Command = {
  summary: 'Write the ONIX document(s) for a tenant (validated against the official XSD) and print a build report.',
  usage: 'onix-feeds build --tenant T [--titles all|changed] [--out DIR] [--root DIR]   (default: --titles all --out out/<tenant>)',
  options: {
    tenant: { type: 'string' },
    titles: { type: 'string' },
    out: { type: 'string' },
  },
  async run(ctx) {
    const tenantId = ctx.values.tenant;
    const mode = (ctx.values.titles ?? 'all') as TitlesMode;
    if (typeof tenantId !== 'string' || !TITLES_MODES.includes(mode) || ctx.positionals.length > 0) {
      const what = typeof tenantId !== 'string' ? '--tenant is required' : ctx.positionals.length > 0 ? `unexpected argument '${ctx.positionals[0]}'` : `--titles must be all or changed, got '${mode}'`;
      ctx.stderr(`onix-feeds build: ${what}\nusage: ${this.usage}\n`);
      return 2;
    }
    const outDir = path.resolve(ctx.root, typeof ctx.values.out === 'string' ? ctx.values.out : path.join('out', tenantId));
    try {
      return await build(ctx, tenantId, mode, outDir);
    } catch (error) {
      if (error instanceof InvalidInputError) {
        ctx.stderr(`${error.message}\n`);
        return 1;
      }
      if (error instanceof NothingValidError || error instanceof OnixHeaderError) {
        ctx.stderr(`onix-feeds build: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};

async function build(ctx: CommandContext, tenantId: string, mode: TitlesMode, outDir: string): Promise<number> {
  const { config: tenant } = await loadTenant(ctx.root, tenantId);
  const history = await readHistory(ctx.root, tenantId);
  // `all` needs no git: a build works in any folder with config/ and catalog/.
  const selection =
    mode === 'all'
      ? { isbns: undefined, deletions: [], reason: 'titles all - full feed' }
      : await selectTitles({ root: ctx.root, tenant: tenantId, mode, history, env: ctx.env });
  // Titles stream from the files into the writer, so a full build of a large catalog holds one title at a time.
  const problems: Problem[] = [];
  const titles = await nonEmpty(
    streamCatalog(ctx.root, tenantId, { isbns: selection.isbns ? new Set(selection.isbns) : undefined, onProblem: (problem) => problems.push(problem) }),
  );
  const printProblems = () => {
    for (const problem of problems.sort(byPlace)) ctx.stderr(`${formatProblem(problem)}\n`);
  };
  if (!titles && selection.deletions.length === 0) {
    printProblems();
    ctx.stdout(`${tenantId}: nothing to send (${selection.reason})${skippedNote(problems)}\n`);
    return problems.length > 0 ? 1 : 0;
  }
  let result: OnixBuildResult;
  try {
    result = await buildOnix({
      tenant,
      titles: titles ?? [],
      deletions: selection.deletions,
      now: new Date(),
      // Numbers on from the highest the channel's history records (a split feed uses one per part).
      messageNumber: nextMessageNumber(history),
      outDir,
    });
  } finally {
    printProblems();
  }
  for (const doc of result.documents) ctx.stdout(`${doc.path}\n`);
  ctx.stdout(buildReport(tenantId, tenant.onix.version, selection.reason, result, problems));
  if (tenant.amazon.delivery.format !== 'onix') {
    ctx.stdout(`  note: ${tenantId} delivers ${tenant.amazon.delivery.format} to Amazon (amazon.delivery.format), so send does not upload this ONIX\n`);
  }
  return 0;
}

/** The titles, or undefined when there are none; reads the first title to know. */
async function nonEmpty(titles: AsyncIterator<LoadedTitle>): Promise<AsyncIterable<LoadedTitle> | undefined> {
  const first = await titles.next();
  if (first.done) return undefined;
  return (async function* () {
    yield first.value;
    for (let next = await titles.next(); !next.done; next = await titles.next()) yield next.value;
  })();
}

function skippedNote(problems: Problem[]): string {
  const files = new Set(problems.map((p) => p.path)).size;
  return files > 0 ? `; ${files} title file(s) with problems were left out, see above` : '';
}

/** The human-readable build report printed after the document paths. */
export function buildReport(tenantId: string, version: string, reason: string, result: OnixBuildResult, problems: Problem[] = []): string {
  const lines = [
    `build report: ${tenantId}, ONIX ${version} (${reason})`,
    `  products written: ${result.written}, deletions: ${result.deleted}, held back: ${result.heldBack.length}${skippedNote(problems)}`,
  ];
  for (const doc of result.documents) {
    lines.push(`  ${doc.fileName}: ${doc.products} products, ${doc.bytes.toLocaleString('en-US')} bytes, sha256 ${doc.sha256}`);
  }
  if (result.heldBack.length > 0) {
    lines.push('  held back:');
    for (const held of result.heldBack) lines.push(`    ${held.path || held.isbn}: ${held.reason}`);
  }
  lines.push(`  time: ${(result.millis / 1000).toFixed(2)} s`);
  return lines.join('\n') + '\n';
}
