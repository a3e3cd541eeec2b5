/**
 * Feed records for tests: a complete record with sensible defaults, overridable per test.
 */
import type { FeedRecord } from '../../src/feed/record.ts';

/** A `done` full-feed record for `tenant` started at `startedAt`, with `overrides` applied. */
export function makeRecord(overrides: Partial<FeedRecord> & { startedAt: string }, tenant = 'acme-books'): FeedRecord {
  return {
    id: `${overrides.startedAt.replace(/[-:]/g, '').replace(/\.\d+/, '')}-${tenant}`,
    tenant,
    trigger: 'schedule',
    titlesMode: 'changed',
    kind: 'full',
    format: 'onix',
    status: 'done',
    catalogCommit: 'a'.repeat(40),
    counts: { sent: 2, deleted: 0, heldBack: 0 },
    documents: [],
    attempts: 1,
    ...overrides,
  };
}
