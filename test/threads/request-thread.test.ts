import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RequestThread } from '../../src/threads/request-thread.ts';
import { REPO_ROOT } from '../helpers/temp-repo.ts';

const ECHO = new URL('../fixtures/threads/echo-worker.mjs', import.meta.url);

class EchoError extends Error {}

function echoThread(): RequestThread<{ action: string; value?: string }, { echoed: string }> {
  return new RequestThread(ECHO, { execArgv: [], announcesReady: true, failure: (message) => new EchoError(`echo: ${message}`) });
}

describe('RequestThread', () => {
  it('gives each request its own answer, whatever order they come back in', async () => {
    const thread = echoThread();
    try {
      await thread.ready;
      const answers = Promise.all([thread.request({ action: 'echo', value: 'slow' }), thread.request({ action: 'echo', value: 'fast' })]);
      expect(thread.busy).toBe(2);
      expect((await answers).map((answer) => answer.echoed)).toEqual(['slow', 'fast']);
      expect(thread.busy).toBe(0);
    } finally {
      await thread.terminate();
    }
  });

  it("rejects a request the thread answers with an error, with the caller's error class", async () => {
    const thread = echoThread();
    try {
      await expect(thread.request({ action: 'fail', value: 'parse' })).rejects.toThrow(new EchoError('echo: cannot parse'));
      expect(thread.alive).toBe(true);
    } finally {
      await thread.terminate();
    }
  });

  it('rejects every waiting request when the thread exits, and takes no more', async () => {
    const thread = echoThread();
    await thread.ready;
    const waiting = thread.request({ action: 'echo', value: 'slow' });
    const exiting = thread.request({ action: 'exit' });
    await expect(waiting).rejects.toThrow('echo: the thread stopped (exit code 3)');
    await expect(exiting).rejects.toThrow(EchoError);
    expect(thread.alive).toBe(false);
    await expect(thread.request({ action: 'echo', value: 'again' })).rejects.toThrow('echo: the thread has stopped');
  });

  it('keeps the process alive while it is busy and lets it end once idle, without being closed', () => {
    const script = `
      import { RequestThread } from './src/threads/request-thread.ts';
      const thread = new RequestThread(new URL(${JSON.stringify(ECHO.href)}), { execArgv: [], failure: (m) => new Error(m) });
      thread.request({ action: 'echo', value: 'slow' }).then((answer) => console.log('answered', answer.echoed));
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('answered slow');
    expect(run.status).toBe(0);
  });
});
