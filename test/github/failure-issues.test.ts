import { describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { planIssueAction, syncFailureIssues, tenantLabel, type TenantOutcome } from '../../src/github/failure-issues.ts';
import { fakeGitHub, type FakeGitHub } from './fake-github.ts';
import { errorIssues, failedRecord, feedRecord } from './records.ts';

const where = { owner: 'acme', repo: 'feeds' };
const links = {
  historyUrl: (t: string) => `https://github.com/acme/feeds/tree/main/catalog/${t}/feeds`,
  runbookUrl: 'https://github.com/acme/feeds/blob/main/docs/operators.md#when-a-feed-fails',
};

function octokitFor(github: FakeGitHub) {
  return getOctokit('ghs_canaryTokenValue000000000000000000', { request: { fetch: github.fetch } });
}

const failing = (tenant: string, id?: string): TenantOutcome => {
  const latest = failedRecord(tenant);
  if (id) latest.id = id;
  return { tenant, channel: 'error', latest };
};
const recovered = (tenant: string): TenantOutcome => ({
  tenant,
  channel: 'ok',
  latest: feedRecord({ tenant, id: `20261128T080712Z-${tenant}`, startedAt: '2026-11-28T08:07:12.000Z' }),
});

describe('failure issues against GitHub (Octokit with a fake fetch)', () => {
  it('opens one issue per failing tenant, then comments on a new failure instead of opening a second', async () => {
    const github = fakeGitHub('acme', 'feeds');
    const octokit = octokitFor(github);

    const first = await syncFailureIssues(octokit, where, [failing('harbour-lane')], links);
    expect(first.map((a) => a.kind)).toEqual(['open']);
    expect(github.issues).toHaveLength(1);
    const [issue] = github.issues;
    expect(issue.title).toBe('Amazon feed failing: harbour-lane');
    expect(issue.labels).toEqual(['onix-feeds', 'tenant:harbour-lane']);
    expect(issue.body).toContain('Amazon ended the feed FATAL after 3 attempts');
    expect(issue.body).toContain('| 8560 | SKU 9781000000000 is missing');
    expect(issue.body).toContain(links.runbookUrl);
    expect(issue.body).toContain(links.historyUrl('harbour-lane'));

    // The same failed record again (a re-run of the committing job): nothing new to say.
    const rerun = await syncFailureIssues(octokit, where, [failing('harbour-lane')], links);
    expect(rerun.map((a) => a.kind)).toEqual(['none']);

    const again = await syncFailureIssues(octokit, where, [failing('harbour-lane', '20261128T090712Z-harbour-lane')], links);
    expect(again.map((a) => a.kind)).toEqual(['comment']);
    expect(github.issues).toHaveLength(1);
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]).toContain('The feed failed again.');
    expect(issue.comments[0]).toContain('20261128T090712Z-harbour-lane');

    // A re-run after the comment: the marker in the last comment stops a duplicate.
    expect((await syncFailureIssues(octokit, where, [failing('harbour-lane', '20261128T090712Z-harbour-lane')], links))[0].kind).toBe('none');
    expect(issue.comments).toHaveLength(1);
  });

  it('labels tenants with ids up to 63 characters within GitHub\'s 50, and finds their issues again', async () => {
    const github = fakeGitHub('acme', 'feeds');
    const octokit = octokitFor(github);
    const long = `${'a'.repeat(40)}-press-${'b'.repeat(16)}`;
    const twin = `${'a'.repeat(40)}-press-${'c'.repeat(16)}`;
    expect(long).toHaveLength(63);
    for (const tenant of [long, twin]) expect(tenantLabel(tenant).length).toBeLessThanOrEqual(50);
    expect(tenantLabel(long)).not.toBe(tenantLabel(twin));
    expect(tenantLabel(long)).toMatch(/^tenant:a{34}~[0-9a-f]{8}$/);
    expect(tenantLabel('harbour-lane')).toBe('tenant:harbour-lane');

    expect((await syncFailureIssues(octokit, where, [failing(long), failing(twin)], links)).map((a) => a.kind)).toEqual(['open', 'open']);
    expect(github.issues.map((i) => i.title)).toEqual([`Amazon feed failing: ${long}`, `Amazon feed failing: ${twin}`]);
    const later = await syncFailureIssues(octokit, where, [failing(long, `20261128T090712Z-${long}`), recovered(twin)], links);
    expect(later.map((a) => a.kind)).toEqual(['comment', 'close']);
    expect(github.issues).toHaveLength(2);
  });

  it('closes the issue with a comment when a feed succeeds again, and a later failure opens a new one', async () => {
    const github = fakeGitHub('acme', 'feeds');
    const octokit = octokitFor(github);
    await syncFailureIssues(octokit, where, [failing('harbour-lane')], links);

    const result = await syncFailureIssues(octokit, where, [recovered('harbour-lane')], links);
    expect(result.map((a) => a.kind)).toEqual(['close']);
    const [issue] = github.issues;
    expect(issue.state).toBe('closed');
    expect(issue.state_reason).toBe('completed');
    expect(issue.comments.at(-1)).toContain('Resolved: feed `20261128T080712Z-harbour-lane` ended ✅ done (12 products sent)');

    // Closed issues are not found again: a new failure gets a fresh issue.
    await syncFailureIssues(octokit, where, [failing('harbour-lane', 'later')], links);
    expect(github.issues.filter((i) => i.state === 'open')).toHaveLength(1);
    expect(github.issues).toHaveLength(2);
  });

  it('keeps tenants apart and finds all open issues with one labelled query', async () => {
    const github = fakeGitHub('acme', 'feeds', [
      { number: 1, title: 'unrelated', body: '', state: 'open', labels: ['bug'], comments: [] },
      { number: 2, title: 'PR', body: '', state: 'open', labels: ['onix-feeds', 'tenant:other'], comments: [], pull_request: {} },
    ]);
    const octokit = octokitFor(github);
    const result = await syncFailureIssues(
      octokit,
      where,
      [failing('harbour-lane'), failing('northwind-books'), recovered('quiet-press')],
      links,
    );
    expect(result.map((a) => [a.tenant, a.kind])).toEqual([
      ['harbour-lane', 'open'],
      ['northwind-books', 'open'],
      ['quiet-press', 'none'],
    ]);
    const lists = github.requests.filter((r) => r.method === 'GET' && r.url.startsWith('/repos/acme/feeds/issues?'));
    expect(lists).toHaveLength(1);
    expect(lists[0].url).toContain('labels=onix-feeds');
    expect(lists[0].url).toContain('state=open');
    expect(github.requests.every((r) => r.authorization === 'token ghs_canaryTokenValue000000000000000000')).toBe(true);
  });

  it('follows pagination when more than 100 issues are open', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      number: i + 1,
      title: `t${i}`,
      body: '',
      state: 'open' as const,
      labels: ['onix-feeds', `tenant:t${i}`],
      comments: [],
    }));
    const github = fakeGitHub('acme', 'feeds', many);
    const result = await syncFailureIssues(octokitFor(github), where, [recovered('t140')], links);
    expect(result).toMatchObject([{ kind: 'close', number: 141 }]);
  });

  it('counts the products of the feed that resolved the issue in words that agree with the number', () => {
    const open = { number: 7, reportedRecordIds: [] };
    const closing = (sent: number) => {
      const outcome = recovered('x');
      outcome.latest.counts.sent = sent;
      const action = planIssueAction(outcome, open);
      return action.kind === 'close' ? action.body : '';
    };
    expect(closing(1)).toContain('ended ✅ done (1 product sent)');
    expect(closing(0)).toContain('ended ✅ done (0 products sent)');
    expect(closing(2)).toContain('ended ✅ done (2 products sent)');
  });

  it('plans nothing for a healthy tenant without an issue, and lists at most 20 errors', () => {
    expect(planIssueAction(recovered('x'), undefined).kind).toBe('none');
    const action = planIssueAction({ tenant: 'x', channel: 'error', latest: failedRecord('x', errorIssues(50)) }, undefined);
    expect(action.kind).toBe('open');
    const body = action.kind === 'open' ? action.body : '';
    expect(body).toContain("Amazon's errors (50, first 20)");
    expect(body.match(/^\| 8560 \|/gm)).toHaveLength(20);
  });
});
