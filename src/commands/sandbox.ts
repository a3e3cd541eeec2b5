/**
 * `onix-feeds sandbox`: runs the local SP-API sandbox until interrupted, and prints the environment that points
 * the tool at it. Faults come from `--fault SPEC` (repeatable) and `SANDBOX_FAULTS`.
 */
import { UsageError, type Command, type CommandContext } from '../cli.ts';
import { FaultSpecError, formatFaultSpec, parseFaultSpecs } from '../sandbox/faults.ts';
import { startSandbox, type Sandbox } from '../sandbox/server.ts';
import type { ResultCharset } from '../sandbox/charset.ts';

const CHARSETS: ResultCharset[] = ['UTF-8', 'windows-1252'];

/** The `sandbox` command. */
export const sandboxCommand: Command = {
  summary: 'Run the local SP-API sandbox (token endpoint, Feeds API, pre-signed URLs, processing reports) with faults on demand.',
  usage:
    'onix-feeds sandbox [--port N] [--fault SPEC ...] [--delay-ms N] [--result-charset UTF-8|windows-1252] [--no-rate-limits]\n' +
    '  SPEC: target:action[xN|x*], comma-separated, e.g. createFeed:429x3,getFeed:hang (see docs/sandbox.md);\n' +
    '  SANDBOX_FAULTS in the environment adds more.',
  options: {
    port: { type: 'string' },
    fault: { type: 'string', multiple: true },
    'delay-ms': { type: 'string' },
    'result-charset': { type: 'string' },
    'no-rate-limits': { type: 'boolean' },
  },
  run: runSandbox,
};

async function runSandbox(ctx: CommandContext): Promise<number> {
  const port = integerOption(ctx.values.port, '--port', 0, 65535) ?? 0;
  const delay = integerOption(ctx.values['delay-ms'], '--delay-ms', 0, 86_400_000);
  const charset = (ctx.values['result-charset'] as string | undefined) ?? 'UTF-8';
  if (!CHARSETS.includes(charset as ResultCharset)) throw new UsageError(`--result-charset must be one of ${CHARSETS.join(', ')}, got '${charset}'`);
  const specText = [ctx.env.SANDBOX_FAULTS ?? '', ...((ctx.values.fault as unknown as string[] | undefined) ?? [])].join(',');
  let faults;
  try {
    faults = parseFaultSpecs(specText);
  } catch (error) {
    if (error instanceof FaultSpecError) throw new UsageError(error.message);
    throw error;
  }
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      port,
      faults,
      processingDelayMs: delay,
      resultCharset: charset as ResultCharset,
      rateLimits: !ctx.values['no-rate-limits'],
      log: (line) => ctx.stdout(`${new Date().toISOString()} ${line}\n`),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      ctx.stderr(`onix-feeds sandbox: port ${port} is in use; pick another with --port, or --port 0 for a free one\n`);
      return 1;
    }
    throw error;
  }
  const { credentials } = sandbox;
  ctx.stdout(
    [
      `SP-API sandbox listening on ${sandbox.endpoint} (Ctrl-C to stop)`,
      faults.length ? `faults armed: ${faults.map(formatFaultSpec).join(', ')}` : 'no faults armed (POST /_sandbox/faults to add some)',
      'Point onix-feeds at it with (these fake credentials are not secrets):',
      `export SP_API_ENDPOINT=${sandbox.endpoint}`,
      `export LWA_TOKEN_URL=${sandbox.tokenUrl}`,
      `export AMAZON_LWA_CLIENT_ID='${credentials.clientId}'`,
      `export AMAZON_LWA_CLIENT_SECRET='${credentials.clientSecret}'`,
      `export AMAZON_LWA_REFRESH_TOKEN='${credentials.refreshToken}'`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
  ctx.stdout('sandbox stopped\n');
  return 0;
}

function integerOption(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got '${text}'`);
  return n;
}
