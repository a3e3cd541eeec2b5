/**
 * `onix-feeds pr-check --base REF`: what a pull request's change to config/ and catalog/ will do once merged: the
 * next five run times of each edited schedule (UTC and the tenant's zone), the titles each affected tenant's next
 * feed would carry, and whether the ONIX for the changed titles validates (XSD and the checks beyond it). Writes the
 * job summary and annotations in GitHub Actions, prints Markdown elsewhere. Exit 1 when a changed title would be
 * held back from a feed.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/load.ts';
import { UsageError, type Command, type CommandContext } from '../cli.ts';
import { loadTenants } from '../config/load.ts';
import type { LoadedTenant } from '../config/tenant.ts';
import { Git, GitError, parseNameStatusZ } from '../feed/git.ts';
import { readHistory } from '../feed/history.ts';
import { selectTitles } from '../feed/select.ts';
import { titlesLastSent } from '../feed/title-last-sent.ts';
import { appendSummary, emitAnnotations, inActions, workspacePath } from '../github/actions.ts';
import { capPerLevel } from '../github/annotations.ts';
import { hasFailures, renderPrSummary, type DeltaPreview, type OnixCheck, type PrCheckReport } from '../github/pr-summary.ts';
import { buildOnix, NothingValidError } from '../onix/build.ts';
import { nextSlots } from '../schedule/slots.ts';
import { reportCommandError } from './send.ts';

const TENANT_CONFIG = /^config\/tenants\/([^/]+)\.yaml$/;
/** Changed titles per tenant whose last feed the check looks up; each costs a git batch. */
const LAST_SENT_LISTED = 50;
const TITLE_FILE = /^catalog\/([^/]+)\/titles\/([^/]+)\.(yaml|json)$/;

/** The paths a change touches under config/ and catalog/, with what happened to each. */
interface ChangedPaths {
  count: number;
  editedConfigs: string[];
  removedConfigs: string[];
  /** Per tenant, the ISBNs of title files added or edited (renamed ones by their new name). */
  editedTitles: Map<string, Set<string>>;
  tenantsWithTitleChanges: Set<string>;
}

async function changedPaths(root: string, base: string, env: NodeJS.ProcessEnv): Promise<ChangedPaths> {
  const git = new Git(root, env);
  const out = await git.run(['diff', '--name-status', '-z', '-M', '--relative', base, 'HEAD', '--', 'config', 'catalog']);
  const result: ChangedPaths = { count: 0, editedConfigs: [], removedConfigs: [], editedTitles: new Map(), tenantsWithTitleChanges: new Set() };
  for (const entry of parseNameStatusZ(out)) {
    result.count++;
    const config = entry.path.match(TENANT_CONFIG);
    if (config) (entry.status === 'D' ? result.removedConfigs : result.editedConfigs).push(config[1]);
    const title = entry.path.match(TITLE_FILE);
    const from = entry.status === 'R' ? entry.from.match(TITLE_FILE) : null;
    if (from) result.tenantsWithTitleChanges.add(from[1]);
    if (!title) continue;
    result.tenantsWithTitleChanges.add(title[1]);
    if (entry.status === 'D') continue;
    const isbns = result.editedTitles.get(title[1]) ?? new Set<string>();
    isbns.add(title[2]);
    result.editedTitles.set(title[1], isbns);
  }
  return result;
}

async function previewDelta(ctx: CommandContext, { config }: LoadedTenant): Promise<DeltaPreview> {
  const history = await readHistory(ctx.root, config.id);
  const selection = await selectTitles({ root: ctx.root, tenant: config.id, mode: config.schedule.titles, history, env: ctx.env });
  const isbns =
    selection.isbns ??
    (await readdir(join(ctx.root, 'catalog', config.id, 'titles')).catch(() => [] as string[]))
      .filter((n) => /\.(yaml|json)$/.test(n))
      .map((n) => n.replace(/\.(yaml|json)$/, ''));
  return {
    tenant: config.id,
    mode: config.schedule.titles,
    kind: selection.kind,
    reason: selection.reason,
    isbns,
    deletions: selection.deletions.map((d) => d.isbn),
  };
}

async function checkOnix(ctx: CommandContext, { config }: LoadedTenant, isbns: Set<string>, now: Date): Promise<OnixCheck> {
  const catalog = await loadCatalog(ctx.root, config.id, { isbns });
  const outDir = await mkdtemp(join(tmpdir(), 'onix-feeds-pr-check-'));
  try {
    let heldBack: OnixCheck['heldBack'] = [];
    if (catalog.titles.length) {
      try {
        heldBack = (await buildOnix({ tenant: config, titles: catalog.titles, deletions: [], now, messageNumber: 1, outDir })).heldBack;
      } catch (error) {
        if (!(error instanceof NothingValidError)) throw error;
        heldBack = error.heldBack;
      }
    }
    return { tenant: config.id, checked: isbns.size, heldBack, problems: catalog.problems };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

async function gather(ctx: CommandContext, base: string, now: Date): Promise<PrCheckReport> {
  const changed = await changedPaths(ctx.root, base, ctx.env);
  const { tenants } = await loadTenants(ctx.root);
  const byId = new Map(tenants.map((t) => [t.config.id, t]));
  const affected = [...new Set([...changed.editedConfigs, ...changed.tenantsWithTitleChanges])]
    .sort()
    .flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  const report: PrCheckReport = {
    base,
    changedFiles: changed.count,
    removedTenants: changed.removedConfigs.filter((id) => !byId.has(id)),
    schedules: changed.editedConfigs.flatMap((id) => {
      const t = byId.get(id);
      return t ? [{ tenant: id, path: t.path, schedule: t.config.schedule, next: nextSlots(t.config.schedule, now, 5) }] : [];
    }),
    deltas: [],
    onix: [],
  };
  for (const tenant of affected) {
    report.deltas.push(await previewDelta(ctx, tenant));
    const isbns = changed.editedTitles.get(tenant.config.id);
    if (isbns?.size) report.onix.push(await checkOnix(ctx, tenant, isbns, now));
    const listed = [...(isbns ?? [])].sort().slice(0, LAST_SENT_LISTED);
    (report.lastSent ??= []).push(...(await titlesLastSent(ctx.root, tenant.config.id, listed, ctx.env)));
  }
  return report;
}

/** The `pr-check` command. */
export const prCheckCommand: Command = {
  summary: 'Show what a change to config/ and catalog/ will do: next run times, next feed contents, ONIX validity.',
  usage: 'onix-feeds pr-check --base REF [--now ISO] [--root DIR]   (REF: the commit the change is compared with)',
  options: { base: { type: 'string' }, now: { type: 'string' } },
  async run(ctx) {
    const base = (ctx.values.base as string | undefined) ?? (ctx.env.GITHUB_BASE_REF ? `origin/${ctx.env.GITHUB_BASE_REF}` : undefined);
    if (!base) throw new UsageError('--base is required: the commit or branch the change is compared with (in a pull request, its base sha)');
    const now = ctx.values.now === undefined ? new Date() : new Date(String(ctx.values.now));
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO 8601 time such as 2026-11-28T06:07:00Z, got '${ctx.values.now}'`);
    let report: PrCheckReport;
    try {
      report = await gather(ctx, base, now);
    } catch (error) {
      if (error instanceof GitError) {
        ctx.stderr(`onix-feeds pr-check: cannot compare with '${base}': ${error.message}\n(check out with fetch-depth: 0 so the base commit is present)\n`);
        return 1;
      }
      return reportCommandError(ctx, 'pr-check', error);
    }
    const markdown = renderPrSummary(report);
    if (!inActions(ctx.env)) ctx.stdout(markdown);
    else {
      await appendSummary(markdown, ctx.env);
      emitAnnotations(
        capPerLevel(
          report.onix.flatMap((o) =>
            o.heldBack.map((h) => ({
              level: 'error' as const,
              title: `${h.isbn} would be held back`,
              message: h.reason,
              file: workspacePath(ctx.env, ctx.root, h.path),
              line: 1,
            })),
          ),
        ),
      );
    }
    return hasFailures(report) ? 1 : 0;
  },
};
