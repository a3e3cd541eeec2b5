/**
 * When given titles were last sent and what Amazon said: what a reviewer of a change to those titles wants to know
 * (the pull-request check). The latest feed that carried each title, decided as the per-title trail decides it.
 */
import { describeResult, titleResult } from './carriage.ts';
import { Git } from './git.ts';
import { readHistoryConcerning } from './history-scan.ts';
import { feedsCarrying } from './title-trail.ts';
import { TitleVersions } from './title-versions.ts';

/** The latest feed that carried a title, or none. */
export interface TitleLastSent {
  tenant: string;
  isbn: string;
  /** Absent when no feed carried the title yet. */
  feed?: { id: string; startedAt: string; status: string; feedIds: string[] };
  /** Amazon's answer in that feed, in words ("accepted", "rejected: 8560 ..."). */
  amazonSaid?: string;
}

/** The latest feed of `tenant` that carried each of `isbns` (one history scan, one git batch per title). */
export async function titlesLastSent(root: string, tenant: string, isbns: string[], env?: NodeJS.ProcessEnv): Promise<TitleLastSent[]> {
  if (!isbns.length) return [];
  const git = new Git(root, env);
  const records = await readHistoryConcerning(root, tenant, isbns);
  const results: TitleLastSent[] = [];
  for (const isbn of isbns) {
    const { carried } = await feedsCarrying(records, new TitleVersions(git, tenant, isbn));
    const last = carried.at(-1);
    results.push(last
      ? {
          tenant, isbn,
          feed: { id: last.id, startedAt: last.startedAt, status: last.status, feedIds: last.documents.flatMap((d) => (d.feedId ? [d.feedId] : [])) },
          amazonSaid: describeResult(titleResult(last, isbn)),
        }
      : { tenant, isbn });
  }
  return results;
}
