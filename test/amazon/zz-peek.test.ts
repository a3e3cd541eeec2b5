import { it } from 'vitest';
import { startHarness, submit } from '/work/main/test/amazon/harness.ts';
it('peek', async () => {
  const h = await startHarness({ resultCharset: 'windows-1252' });
  const id = await submit(h);
  const feed = await h.client.pollFeed(id, { intervalMs: 30_000, timeoutMs: 3_600_000 });
  const doc = await h.client.getFeedDocument(feed.resultFeedDocumentId!);
  console.log(await h.client.downloadDocument(doc));
  console.log(h.logs.join('\n'));
  await h.close();
});
