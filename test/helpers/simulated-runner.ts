/**
 * A simulated GitHub Actions runner for in-process tests: the files a runner provides (GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, the event payload) as temp files, its environment, and a capture of the workflow commands
 * written to stdout (masks, annotations, groups). @actions/core reads process.env, so the environment is set on the
 * process for the duration of one step and restored afterwards.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAsStep } from '../../src/github/step.ts';

export interface Annotation {
  level: string;
  properties: Record<string, string>;
  message: string;
}

export interface StepResult {
  exitCode: number;
  /** What the command printed through its own output stream. */
  stdout: string;
  stderr: string;
  /** Everything written to process.stdout meanwhile (where @actions/core issues workflow commands). */
  commands: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  masks: string[];
  /** Every text the step produced, for secret scans. */
  everything: string;
}

export interface RunnerOptions {
  env?: Record<string, string>;
  event?: object;
  workspace?: string;
}

/** Parses `name<<delimiter` blocks of a GITHUB_OUTPUT file. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = lines[i].match(/^([^<=]+)<<(.+)$/);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return outputs;
}

function unescapeProperty(text: string): string {
  return text.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}

/** Parses `::error file=x,line=1,title=t::message` lines. */
export function parseAnnotations(commands: string): Annotation[] {
  return [...commands.matchAll(/^::(error|warning|notice)( [^:]*)?::(.*)$/gm)].map((m) => ({
    level: m[1],
    properties: Object.fromEntries(
      (m[2]?.trim() ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), unescapeProperty(kv.slice(kv.indexOf('=') + 1))]),
    ),
    message: unescapeProperty(m[3]),
  }));
}

/** Runs `onix-feeds <argv>` as one step of a simulated runner, through the action's entry point. */
export async function runStep(argv: string[], options: RunnerOptions = {}): Promise<StepResult> {
  const dir = await mkdtemp(join(tmpdir(), 'onix-feeds-runner-'));
  const files = { output: join(dir, 'output'), summary: join(dir, 'summary'), event: join(dir, 'event.json') };
  await writeFile(files.output, '');
  await writeFile(files.summary, '');
  await writeFile(files.event, JSON.stringify(options.event ?? {}));
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_REPOSITORY: 'acme/feeds',
    GITHUB_REF_NAME: 'main',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKSPACE: options.workspace ?? dir,
    ...options.env,
  };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let commands = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    commands += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  let stdout = '';
  let stderr = '';
  let exitCode: number;
  try {
    exitCode = await runAsStep(argv, { env: process.env, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  } finally {
    process.stdout.write = write;
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  const outputText = await readFile(files.output, 'utf8');
  const summary = await readFile(files.summary, 'utf8');
  return {
    exitCode,
    stdout,
    stderr,
    commands,
    outputs: parseOutputFile(outputText),
    summary,
    annotations: parseAnnotations(commands),
    masks: [...commands.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1].replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')),
    everything: [stdout, stderr, commands, outputText, summary].join('\n'),
  };
}

/** Secret-looking canary values: if one turns up in any captured text, something leaked. */
export const CANARIES = {
  AMAZON_LWA_CLIENT_ID: 'amzn1.application-oa2-client.canary0clientid',
  AMAZON_LWA_CLIENT_SECRET: 'amzn1.oa2-cs.v1.canary+secret/with=chars&more',
  AMAZON_LWA_REFRESH_TOKEN: 'Atzr|IwEBIcanaryRefreshToken0000',
  AWS_SECRET_ACCESS_KEY: 'canaryAwsSecretKey/abc+def==',
  GITHUB_TOKEN: 'ghs_canaryGithubToken000000000000000000',
} as const;

/** The captured text with the mask registrations removed: the runner consumes those and never shows them. */
export function visibleText(result: StepResult): string {
  return result.everything.replace(/^::add-mask::.*$/gm, '');
}

/** Canary values (and their encoded forms) found in `text`. */
export function leakedCanaries(text: string): string[] {
  return Object.values(CANARIES).flatMap((value) =>
    [value, encodeURIComponent(value), Buffer.from(value).toString('base64')].filter((form) => text.includes(form)),
  );
}
