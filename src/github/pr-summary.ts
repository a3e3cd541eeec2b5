/**
 * The pull-request check's summary: what a change to schedules and titles will do once merged. Pure: rendered from
 * the facts the `pr-check` command gathered.
 */
import type { Problem } from '../config/problem.ts';
import type { Schedule, TitlesMode } from '../config/tenant.ts';
import type { TitleLastSent } from '../feed/title-last-sent.ts';
import { boundedTable, cell } from './markdown.ts';
import { SUMMARY_BUDGET_BYTES } from './run-summary.ts';

/** An edited tenant config and the next times its feed will run. */
export interface ScheduleChange {
  tenant: string;
  path: string;
  schedule: Schedule;
  next: Date[];
}

/** What the tenant's next feed would carry if the change were merged now. */
export interface DeltaPreview {
  tenant: string;
  mode: TitlesMode;
  kind: 'full' | 'delta';
  reason: string;
  /** Titles sent as complete records; for a full feed, every title. */
  isbns: string[];
  deletions: string[];
}

/** The ONIX check of the titles the change adds or edits. */
export interface OnixCheck {
  tenant: string;
  checked: number;
  heldBack: { isbn: string; path: string; reason: string }[];
  /** Files among the changed titles that could not be read as titles at all. */
  problems: Problem[];
}

/** What a pull request's change does, as `pr-check` found it, for {@link renderPrSummary}. */
export interface PrCheckReport {
  base: string;
  changedFiles: number;
  removedTenants: string[];
  schedules: ScheduleChange[];
  deltas: DeltaPreview[];
  onix: OnixCheck[];
  /** For each title the change edits (up to 50 per tenant): the latest feed that carried it and what Amazon said. */
  lastSent?: TitleLastSent[];
}

/** How many ISBNs a delta line names before it says "and N more". */
const ISBNS_LISTED = 50;

/** "daily at 06:00 Europe/London", "weekly on Monday at 09:00 America/New_York", "disabled". */
export function describeSchedule(s: Schedule): string {
  if (s.frequency === 'disabled') return 'disabled: no scheduled feeds';
  const hour = `${String(s.hour).padStart(2, '0')}:00 ${s.timezone}`;
  const day = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][s.dayOfWeek ?? 0];
  return `${s.frequency === 'weekly' ? `weekly on ${day}` : 'daily'} at ${hour}, titles ${s.titles}`;
}

/** An instant in a zone, e.g. "Sun 29 Nov 2026, 06:00 GMT". */
export function formatInZone(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(at);
}

function isbnList(isbns: string[]): string {
  if (!isbns.length) return '-';
  const shown = isbns.slice(0, ISBNS_LISTED).join(', ');
  return isbns.length > ISBNS_LISTED ? `${shown} and ${(isbns.length - ISBNS_LISTED).toLocaleString('en-US')} more` : shown;
}

/** Whether the check found something that would be held back from a feed. */
export function hasFailures(report: PrCheckReport): boolean {
  return report.onix.some((o) => o.heldBack.length > 0 || o.problems.length > 0);
}

/** Bytes the table of changed titles' last feeds may take. */
const LAST_SENT_BUDGET_BYTES = 64 * 1024;

function lastSentSection(titles: TitleLastSent[]): string {
  const rows = titles.map((t) => [
    t.tenant,
    t.isbn,
    t.feed ? `${t.feed.startedAt} (${t.feed.feedIds.join(', ') || t.feed.id}, ${t.feed.status})` : 'never sent',
    t.amazonSaid,
  ]);
  return (
    '## What Amazon has now\n\nThe latest feed that carried each changed title and what Amazon said (`onix-feeds history --tenant T --isbn ISBN` shows the whole trail).\n\n' +
    boundedTable({ headers: ['tenant', 'ISBN', 'last sent', 'Amazon said'], rows, maxBytes: LAST_SENT_BUDGET_BYTES, noun: 'titles' })
  );
}

/** Renders the check's summary in at most `maxBytes`. */
export function renderPrSummary(report: PrCheckReport, maxBytes = SUMMARY_BUDGET_BYTES): string {
  const parts: string[] = [
    `# What this change does\n\n${report.changedFiles} changed file${report.changedFiles === 1 ? '' : 's'} under config/ and catalog/ against \`${cell(report.base.slice(0, 12))}\`.\n`,
  ];
  if (report.removedTenants.length) {
    parts.push(`**Tenants removed:** ${report.removedTenants.map(cell).join(', ')}. Their feeds stop; their history stays in catalog/.\n`);
  }
  if (report.schedules.length) {
    parts.push('## Schedules\n');
    for (const s of report.schedules) {
      parts.push(`### ${cell(s.tenant)} (\`${cell(s.path)}\`)\n\n${cell(describeSchedule(s.schedule))}\n`);
      if (!s.next.length) continue;
      const rows = s.next.map((at, i) => `| ${i + 1} | ${formatInZone(at, 'UTC')} | ${formatInZone(at, s.schedule.timezone)} |`);
      parts.push(`| next run | UTC | ${cell(s.schedule.timezone)} |\n|---|---|---|\n${rows.join('\n')}\n`);
    }
  }
  if (report.deltas.length) {
    parts.push(
      '## The next feed of each tenant\n\nWhat each tenant\'s next feed would carry if this were merged now (the titles changed since its last successful feed, with this change).\n',
      '| tenant | titles | feed | sends | deletes | why |\n|---|---|---|---|---|---|\n' +
        report.deltas
          .map((d) => `| ${cell(d.tenant)} | ${d.mode} | ${d.kind} | ${d.isbns.length.toLocaleString('en-US')} | ${d.deletions.length} | ${cell(d.reason)} |`)
          .join('\n') +
        '\n',
    );
    for (const d of report.deltas.filter((x) => x.kind === 'delta' && (x.isbns.length || x.deletions.length))) {
      parts.push(`- **${cell(d.tenant)}** sends ${cell(isbnList(d.isbns))}${d.deletions.length ? `; deletes ${cell(isbnList(d.deletions))}` : ''}\n`);
    }
  }
  if (report.onix.length) {
    parts.push(
      '## ONIX for the changed titles\n',
      '| tenant | changed titles checked | valid | held back |\n|---|---|---|---|\n' +
        report.onix
          .map((o) => {
            const bad = o.heldBack.length + new Set(o.problems.map((p) => p.path)).size;
            return `| ${cell(o.tenant)} | ${o.checked} | ${o.checked - bad} | ${bad ? `❌ ${bad}` : '✅ 0'} |`;
          })
          .join('\n') +
        '\n',
    );
  }
  if (report.lastSent?.length) parts.push(lastSentSection(report.lastSent));
  let text = parts.join('\n');
  const rows = report.onix.flatMap((o) => [
    ...o.heldBack.map((h) => [h.isbn, h.path, h.reason]),
    ...o.problems.map((p) => [p.path.replace(/^.*\/|\.(yaml|json)$/g, ''), `${p.path}:${p.line}`, p.message]),
  ]);
  if (rows.length) {
    const heading = '\n### Would be held back from the feed\n\n';
    text += heading + boundedTable({ headers: ['ISBN', 'file', 'reason'], rows, maxBytes: maxBytes - Buffer.byteLength(text + heading), noun: 'titles' });
  }
  if (!report.schedules.length && !report.deltas.length && !report.removedTenants.length) text += '\nNo schedule or title changes.\n';
  return text;
}
