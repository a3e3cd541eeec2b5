/**
 * Mermaid charts of a tenant's recent feeds for the history page (GitHub renders ```mermaid blocks): products sent and
 * errors per feed, and how long each feed took. Pure.
 */
import { isFeed } from './carriage.ts';
import type { FeedRecord } from './record.ts';

/** How many feeds the charts show: the latest ones, skipped runs left out. */
export const CHART_FEEDS = 30;

/** One feed as the charts plot it. */
export interface FeedPoint {
  /** Axis label: month-day hour:minute of the start, UTC. */
  label: string;
  /** Products sent (updates and deletions). */
  products: number;
  /** Errors Amazon reported. */
  errors: number;
  /** Minutes from the start of the feed to Amazon's result; 0 while it is still processing. */
  minutes: number;
}

/** The points of the latest {@link CHART_FEEDS} feeds (skipped runs are not feeds), oldest first. */
export function chartPoints(records: FeedRecord[]): FeedPoint[] {
  return records
    .filter(isFeed)
    .slice(-CHART_FEEDS)
    .map((r) => ({
      label: `${r.startedAt.slice(5, 10)} ${r.startedAt.slice(11, 16)}`,
      products: r.counts.sent + r.counts.deleted,
      errors: r.documents.reduce((n, d) => n + (d.report?.errors ?? 0), 0),
      minutes: r.finishedAt ? Math.round((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 6_000) / 10 : 0,
    }));
}

function axis(points: FeedPoint[]): string {
  return `  x-axis [${points.map((p) => `"${p.label}"`).join(', ')}]`;
}

function series(kind: 'bar' | 'line', values: number[]): string {
  return `  ${kind} [${values.join(', ')}]`;
}

/**
 * The chart section of the history page: two Mermaid `xychart-beta` blocks, or nothing when there are no feeds.
 * Returned as lines.
 */
export function renderCharts(records: FeedRecord[]): string[] {
  const points = chartPoints(records);
  if (!points.length) return [];
  const n = points.length;
  return [
    `## Last ${n} feed${n === 1 ? '' : 's'}`,
    '',
    'Bars: products sent per feed; line: errors Amazon reported.',
    '',
    '```mermaid',
    'xychart-beta',
    `  title "Products sent and errors, last ${n} feeds"`,
    axis(points),
    '  y-axis "products"',
    series('bar', points.map((p) => p.products)),
    series('line', points.map((p) => p.errors)),
    '```',
    '',
    "Minutes from the start of each feed to Amazon's result (0: still processing).",
    '',
    '```mermaid',
    'xychart-beta',
    `  title "Feed processing time, last ${n} feeds"`,
    axis(points),
    '  y-axis "minutes"',
    series('line', points.map((p) => p.minutes)),
    '```',
    '',
  ];
}
