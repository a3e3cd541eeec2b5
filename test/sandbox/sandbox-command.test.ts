import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const BIN = fileURLToPath(new URL('../../bin/onix-feeds.js', import.meta.url));

/** Starts `onix-feeds sandbox` in a child process and resolves once it has printed its environment lines. */
function startCli(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('AMAZON_LWA_REFRESH_TOKEN')) resolve(stdout);
    });
    child.on('exit', () => reject(new Error(`sandbox exited early: ${stdout}${stderr}`)));
  });
  return { child, ready, exited, output: () => stdout };
}

describe('onix-feeds sandbox', () => {
  it('prints the env lines that reach it, takes faults from --fault and SANDBOX_FAULTS, and stops on SIGINT', async () => {
    const cli = startCli(['--port', '0', '--fault', 'getFeed:503', '--delay-ms', '10'], { SANDBOX_FAULTS: 'createFeed:429x2' });
    const printed = await cli.ready;
    const env = Object.fromEntries([...printed.matchAll(/^export (\w+)='?([^'\n]*)'?$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(env)).toEqual(['SP_API_ENDPOINT', 'LWA_TOKEN_URL', 'AMAZON_LWA_CLIENT_ID', 'AMAZON_LWA_CLIENT_SECRET', 'AMAZON_LWA_REFRESH_TOKEN']);
    expect(printed).toContain('faults armed: createFeed:429x2, getFeed:503');
    const token = await fetch(env.LWA_TOKEN_URL, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: env.AMAZON_LWA_REFRESH_TOKEN, client_id: env.AMAZON_LWA_CLIENT_ID, client_secret: env.AMAZON_LWA_CLIENT_SECRET }),
    });
    expect(token.status).toBe(200);
    const faults = await (await fetch(`${env.SP_API_ENDPOINT}/_sandbox/faults`)).json();
    expect(faults).toEqual({ faults: ['createFeed:429x2', 'getFeed:503'] });
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/POST \/auth\/o2\/token -> 200/);
    expect(cli.output()).toContain('sandbox stopped');
  });

  it.each([
    [['--fault', 'getFeed:418'], "fault 'getFeed:418': 'getFeed' does not take '418'"],
    [['--port', 'eighty'], "--port must be a whole number from 0 to 65535, got 'eighty'"],
    [['--result-charset', 'latin1'], "--result-charset must be one of UTF-8, windows-1252, got 'latin1'"],
  ])('refuses %j with exit 2 and a clear message', async (args, message) => {
    const result = await runCli(['sandbox', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
