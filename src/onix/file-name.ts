/** ONIX document file names: `{tenant}_onix31_amazon_{YYYYMMDD_HHMMSS}.xml` (UTC), `_part{N}` when split. */
import { utcStamp } from './dates.ts';
import type { OnixRelease } from './version.ts';

/** The file name of document `part` (1-based) of `parts`; no part suffix when the feed is one document. */
export function onixFileName(tenantId: string, release: OnixRelease, sentAt: Date, part: number, parts: number): string {
  const { date, time } = utcStamp(sentAt);
  const suffix = parts > 1 ? `_part${part}` : '';
  return `${tenantId}_${release.fileTag}_amazon_${date}_${time}${suffix}.xml`;
}
