/**
 * The repository's workflow files and action, read for the tests: raw text for GitHub's parser, and the parsed
 * YAML for the checks the parser does not make (permissions, secrets, crons, inputs against the CLI).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/temp-repo.ts';


export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}

export interface Job {
  'runs-on'?: string;
  uses?: string;
  with?: Record<string, unknown>;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string> | string;
  environment?: { name: string; deployment?: boolean } | string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean; queue?: string } | string;
  strategy?: { 'fail-fast'?: boolean; 'max-parallel'?: number; matrix?: Record<string, unknown> };
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  steps?: Step[];
}

export interface Workflow {
  name?: string;
  on: Record<string, any>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean; queue?: string };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

export interface WorkflowFile {
  path: string;
  text: string;
  workflow: Workflow;
}

/** Every `.github/workflows/*.yml` of the repository. */
export function workflowFiles(): WorkflowFile[] {
  const dir = join(REPO_ROOT, '.github/workflows');
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => {
      const path = `.github/workflows/${n}`;
      const text = readFileSync(join(REPO_ROOT, path), 'utf8');
      return { path, text, workflow: parse(text) as Workflow };
    });
}

export function workflow(name: string): Workflow {
  const found = workflowFiles().find((f) => f.path === `.github/workflows/${name}`);
  if (!found) throw new Error(`no workflow ${name}`);
  return found.workflow;
}

export interface ActionFile {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export function actionFile(): { text: string; action: ActionFile } {
  const text = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8');
  return { text, action: parse(text) as ActionFile };
}

/** Every step of every job, with where it is. */
export function allSteps(): { file: string; job: string; step: Step; index: number }[] {
  return workflowFiles().flatMap(({ path, workflow: w }) =>
    Object.entries(w.jobs).flatMap(([job, j]) => (j.steps ?? []).map((step, index) => ({ file: path, job, step, index }))),
  );
}

/** The onix-feeds command a step runs through the repository's action (`uses: ./`), if it does. */
export function onixCommand(step: Step): string | undefined {
  return step.uses === './' ? String(step.with?.command) : undefined;
}
