import { describe, expect, it } from 'vitest';
import { openConnection } from '../../src/feed/connect.ts';

describe('openConnection', () => {
  it('prints the sandbox model violations of a --sandbox run instead of swallowing them', async () => {
    const lines: string[] = [];
    const connection = await openConnection({ env: {}, sandbox: true, log: (line) => lines.push(line) });
    try {
      const endpoint = /at (http:\/\/\S+)/.exec(connection.description)![1];
      const res = await fetch(`${endpoint}/feeds/2021-06-30/no-such-operation`);
      expect(res.status).toBe(400);
      expect(lines.join('\n')).toMatch(/sandbox: MODEL VIOLATION GET \/feeds\/2021-06-30\/no-such-operation: .*broke Amazon's Feeds API model/);
    } finally {
      await connection.close();
    }
  });

  it('never prints a password in the endpoint it describes (SP_API_ENDPOINT through a proxy)', async () => {
    const connection = await openConnection({
      env: {
        AMAZON_LWA_CLIENT_ID: 'amzn1.application-oa2-client.canary', AMAZON_LWA_CLIENT_SECRET: 'canary-client-secret',
        AMAZON_LWA_REFRESH_TOKEN: 'Atzr|canary-refresh', SP_API_ENDPOINT: 'https://ops:canary-proxy-password@proxy.example:8443',
      },
      sandbox: false,
      log: () => undefined,
    });
    expect(connection.description).toBe('SP-API at https://[REDACTED]@proxy.example:8443');
    await connection.close();
  });
});
