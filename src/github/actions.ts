/**
 * The thin adapter to the GitHub Actions runtime (@actions/core): masks, annotations, outputs, summaries and the links
 * a run's pages need (log groups: log-groups.ts). Everything it writes is rendered elsewhere by pure functions.
 */
import * as core from '@actions/core';
import { appendFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Annotation } from './annotations.ts';

/** Whether this process runs as a GitHub Actions step (the runner sets GITHUB_ACTIONS=true). */
export function inActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** Registers each value as a secret, so the runner replaces it with *** in logs and summaries from now on. */
export function registerMasks(values: string[]): void {
  for (const value of values) core.setSecret(value);
}

/** Emits annotations (`::error file=...,line=...::message`) that GitHub shows on the run and the pull request. */
export function emitAnnotations(annotations: Annotation[]): void {
  for (const a of annotations) {
    const properties = { title: a.title, file: a.file, startLine: a.line, startColumn: a.col };
    if (a.level === 'error') core.error(a.message, properties);
    else if (a.level === 'warning') core.warning(a.message, properties);
    else core.notice(a.message, properties);
  }
}

/**
 * Appends Markdown to this step's job summary ($GITHUB_STEP_SUMMARY). Written directly rather than through
 * `core.summary`, which keeps the first file path it saw for the life of the process.
 */
export async function appendSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) throw new Error('GITHUB_STEP_SUMMARY is not set: job summaries can only be written inside a GitHub Actions step');
  await appendFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

/** Sets step outputs. Callers pass only values that are safe to show: outputs are visible to every later job. */
export function setOutputs(outputs: Record<string, string | number>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, String(value));
}

/**
 * A path under `root` as GitHub names it: relative to the checkout (GITHUB_WORKSPACE), since the data may live in a
 * subfolder of it (a publisher's repository used through `root`). Annotations and links need this form.
 */
export function workspacePath(env: NodeJS.ProcessEnv, root: string, path: string): string {
  const prefix = env.GITHUB_WORKSPACE ? relative(env.GITHUB_WORKSPACE, resolve(root)).split('\\').join('/') : '';
  return prefix && !prefix.startsWith('..') ? `${prefix}/${path}` : path;
}

/** Links to this run's pages on GitHub, from the runner's environment; undefined where the runner did not say. */
export interface RunLinks {
  /** `catalog/<tenant>/feeds` on the branch the run is on: the history page (its README.md). */
  historyUrl?: (tenant: string) => string;
  /** The run's page, where its artifacts are listed. */
  artifactsUrl?: string;
  /** A file of the checked-out repository (path relative to the workspace) on the run's branch. */
  fileUrl?: (path: string) => string;
}

/** Builds {@link RunLinks} from GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_REF_NAME and GITHUB_RUN_ID. */
export function runLinks(env: NodeJS.ProcessEnv, root: string): RunLinks {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_REF_NAME: ref, GITHUB_RUN_ID: runId } = env;
  if (!server || !repo) return {};
  const inRepo = (path: string) => workspacePath(env, root, path);
  const branch = ref ? encodeURIComponent(ref).replace(/%2F/g, '/') : undefined;
  return {
    historyUrl: branch ? (tenant) => `${server}/${repo}/tree/${branch}/${inRepo(`catalog/${tenant}/feeds`)}` : undefined,
    fileUrl: branch ? (path) => `${server}/${repo}/blob/${branch}/${path}` : undefined,
    artifactsUrl: runId ? `${server}/${repo}/actions/runs/${runId}#artifacts` : undefined,
  };
}
