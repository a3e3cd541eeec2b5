/**
 * Where a command's feeds go: Amazon (credentials and endpoints from the environment), or with `--sandbox` a local
 * SP-API sandbox started in this process for the run, armed with the faults in `SANDBOX_FAULTS` (docs/sandbox.md).
 */
import { createFeedsClient, type FeedsClient } from '../amazon/feeds-client.ts';
import { MissingCredentialsError, readAmazonEnv } from '../amazon/env.ts';
import { redact } from '../amazon/redact.ts';
import type { TenantConfig } from '../config/tenant.ts';
import { FaultSpecError, formatFaultSpec, parseFaultSpecs, type FaultSpec } from '../sandbox/faults.ts';
import { startSandbox } from '../sandbox/server.ts';

/** Time the in-process sandbox spends in each processing state, and the poll interval that suits it. */
export const SANDBOX_PROCESSING_MS = 1000;

/** A way to reach the Feeds API for the run. */
export interface Connection {
  connect(tenant: TenantConfig): FeedsClient;
  /** Overrides the tenant's poll interval (the sandbox finishes in seconds, not minutes). */
  pollIntervalMs?: number;
  /** For people: where feeds go. */
  description: string;
  close(): Promise<void>;
}

/**
 * Whether a run's feeds go to Amazon itself: not `--sandbox`, and `SP_API_ENDPOINT` unset or not on this machine (a
 * sandbox started with `onix-feeds sandbox` listens on loopback).
 */
export function reachesAmazon(env: NodeJS.ProcessEnv, sandbox: boolean): boolean {
  if (sandbox) return false;
  const endpoint = env.SP_API_ENDPOINT?.trim();
  if (!endpoint) return true;
  try {
    return !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(new URL(endpoint).hostname);
  } catch {
    return true;
  }
}

/** No credentials in the environment: says which variables to set and offers the sandbox. */
export class NoAmazonAccessError extends Error {
  override name = 'NoAmazonAccessError';
}

/** How {@link openConnection} reaches the Feeds API. */
export interface ConnectionOptions {
  env: NodeJS.ProcessEnv;
  /** Start an in-process sandbox instead of reaching Amazon. */
  sandbox: boolean;
  log: (line: string) => void;
  /** Also log every SP-API call the client makes (redacted). */
  verbose?: boolean;
}

/** The faults `SANDBOX_FAULTS` asks for; a FaultSpecError naming the variable when it does not parse. */
function sandboxFaults(env: NodeJS.ProcessEnv): FaultSpec[] {
  try {
    return parseFaultSpecs(env.SANDBOX_FAULTS ?? '');
  } catch (error) {
    if (error instanceof FaultSpecError) throw new FaultSpecError(`SANDBOX_FAULTS: ${error.message}`);
    throw error;
  }
}

/** Passes the sandbox's model violations and internal errors on (request lines are noise for a run). */
function sandboxProblem(line: string, log: (line: string) => void): void {
  if (/^(MODEL VIOLATION|SANDBOX ERROR)/.test(line)) log(`sandbox: ${line} (the client broke Amazon's Feeds API model: please report this)`);
}

/**
 * Opens the connection for a run; throws {@link NoAmazonAccessError} when Amazon is asked for without credentials,
 * FaultSpecError when `--sandbox` is given with a `SANDBOX_FAULTS` that does not parse.
 */
export async function openConnection(options: ConnectionOptions): Promise<Connection> {
  const clientLog = options.verbose ? (line: string) => options.log(`  ${line}`) : undefined;
  if (options.sandbox) {
    const faults = sandboxFaults(options.env);
    // A model violation means the client broke Amazon's API contract: say so loudly, never swallow it.
    const sandbox = await startSandbox({ processingDelayMs: SANDBOX_PROCESSING_MS, faults, log: (line) => sandboxProblem(line, options.log) });
    if (faults.length) options.log(`sandbox faults armed (SANDBOX_FAULTS): ${faults.map(formatFaultSpec).join(', ')}`);
    return {
      connect: (tenant) =>
        createFeedsClient({
          region: tenant.amazon.region, endpoint: sandbox.endpoint, tokenUrl: sandbox.tokenUrl, credentials: { ...sandbox.credentials }, log: clientLog,
          // The sandbox lists a feed as soon as it is created: no need to give getFeeds time to catch up.
          lookupSettleMs: 0,
        }),
      pollIntervalMs: SANDBOX_PROCESSING_MS,
      description: `the local SP-API sandbox at ${sandbox.endpoint} (started for this run)`,
      close: () => sandbox.close(),
    };
  }
  let amazon;
  try {
    amazon = readAmazonEnv(options.env);
  } catch (error) {
    if (!(error instanceof MissingCredentialsError)) throw error;
    throw new NoAmazonAccessError(`${error.message}\nOr add --sandbox to run this command against a sandbox started in this process.`);
  }
  return {
    connect: (tenant) =>
      createFeedsClient({ region: tenant.amazon.region, endpoint: amazon.endpoint, tokenUrl: amazon.tokenUrl, credentials: amazon.credentials, aws: amazon.aws, log: clientLog }),
    description: amazon.endpoint ? `SP-API at ${redact(amazon.endpoint)}` : 'Amazon SP-API (production hosts of the tenant region)',
    close: async () => undefined,
  };
}
