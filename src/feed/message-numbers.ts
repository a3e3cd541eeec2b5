/**
 * ONIX MessageNumber: "a monotonic sequence number in a series of ONIX messages sent between data supply chain
 * partners". Each ONIX document a tenant builds for its Amazon channel gets the next number (a split feed one per
 * part), recorded in the history so the next run numbers on from it. Runs of one tenant never overlap (one
 * concurrency group per tenant), so reading the history is enough.
 */
import type { FeedRecord } from './record.ts';

/**
 * The MessageNumber of the next run's first ONIX document: one above the highest recorded in `history` (documents and
 * kept ONIX records). Histories written before numbers were recorded numbered by record count, so never below that.
 */
export function nextMessageNumber(history: readonly FeedRecord[]): number {
  let highest = history.length;
  for (const record of history) {
    for (const file of [...record.documents, ...(record.artifacts ?? [])]) {
      if (file.messageNumber !== undefined && file.messageNumber > highest) highest = file.messageNumber;
    }
  }
  return highest + 1;
}
