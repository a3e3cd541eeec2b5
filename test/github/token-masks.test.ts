/**
 * The LWA access token a send obtains mid-step is masked in the runner's log the moment it arrives: a `send` step of
 * the simulated runner against a sandbox started here (reached through SP_API_ENDPOINT and LWA_TOKEN_URL, as on
 * Amazon), then the masks it registered are tried as access tokens on that sandbox.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFeedsClient } from '../../src/amazon/feeds-client.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { leakedCanaries, runStep, visibleText } from '../helpers/simulated-runner.ts';
import { createTempRepo, GIT_TEST_ENV, type TempRepo } from '../helpers/temp-repo.ts';

let sandbox: Sandbox | undefined;
let repo: TempRepo | undefined;
afterEach(async () => {
  await sandbox?.close();
  await repo?.cleanup();
  // The client's calls are checked against Amazon's Feeds model too.
  expect(sandbox?.violations ?? []).toEqual([]);
  sandbox = undefined;
});

/** Whether the sandbox takes `token` as a valid `x-amz-access-token` (getFeeds answers 200). */
async function acceptsToken(server: Sandbox, token: string): Promise<boolean> {
  const res = await fetch(`${server.endpoint}/feeds/2021-06-30/feeds?feedTypes=POST_PRODUCT_DATA`, {
    headers: { 'x-amz-access-token': token, accept: 'application/json' },
  });
  return res.status === 200;
}

describe('access tokens in GitHub Actions logs', () => {
  it('masks every access token the Feeds client obtains during the step', async () => {
    // No processing delay: the first getFeed already sees DONE, so the step polls no real seconds.
    sandbox = await startSandbox({ processingDelayMs: 0, log: () => undefined });
    repo = await createTempRepo({ copy: ['config', 'catalog'], git: true });
    const env = {
      ...GIT_TEST_ENV,
      SP_API_ENDPOINT: sandbox.endpoint,
      LWA_TOKEN_URL: sandbox.tokenUrl,
      AMAZON_LWA_CLIENT_ID: sandbox.credentials.clientId,
      AMAZON_LWA_CLIENT_SECRET: sandbox.credentials.clientSecret,
      AMAZON_LWA_REFRESH_TOKEN: sandbox.credentials.refreshToken,
    } as Record<string, string>;

    const step = await runStep(['send', '--root', repo.root, '--tenant', 'harbour-lane', '--titles', 'all', '--no-commit'], {
      workspace: repo.root,
      env,
    });

    expect(step.exitCode, step.stderr).toBe(0);
    expect(sandbox.counts.token).toBe(1);
    const tokenMasks = step.masks.filter((mask) => mask.startsWith('Atza|'));
    expect(tokenMasks).toHaveLength(1);
    expect(await acceptsToken(sandbox, tokenMasks[0])).toBe(true);
    expect(step.masks).toContain(encodeURIComponent(tokenMasks[0]));
    expect(visibleText(step)).not.toContain(tokenMasks[0]);
    expect(leakedCanaries(visibleText(step))).toEqual([]);
  });

  it('stops masking once the step has ended', async () => {
    sandbox = await startSandbox({ log: () => undefined });
    expect((await runStep(['run-summary', '--help'])).exitCode).toBe(0);
    const client = createFeedsClient({ region: 'eu', endpoint: sandbox.endpoint, tokenUrl: sandbox.tokenUrl, credentials: sandbox.credentials });
    const write = vi.spyOn(process.stdout, 'write');
    try {
      await client.getFeeds({ feedTypes: ['POST_PRODUCT_DATA'] });
      expect(sandbox.counts.token).toBe(1);
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });
});
