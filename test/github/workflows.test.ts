/**
 * The workflows and the action, checked offline with GitHub's own parser and language service (the engine of the
 * VS Code Actions extension), plus the rules the parser cannot know: least privilege, secrets only where needed,
 * crons off the top of the hour, and every command and option a workflow runs being real.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { register } from 'tsx/esm/api';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { COMMANDS } from '../../src/cli.ts';
import { REPO_ROOT } from '../helpers/temp-repo.ts';
import { actionFile, allSteps, onixCommand, workflow, workflowFiles, type Job } from './workflow-files.ts';

// GitHub's packages import JSON without import attributes; tsx's loader lets Node accept that.
register();
const { validate } = await import('@actions/languageservice');
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');

/** Lets the language service follow `uses: ./.github/workflows/x.yml` and check the inputs passed to it. */
const fileProvider = {
  async getFileContent(ref: { path: string }) {
    return { name: ref.path, content: readFileSync(join(REPO_ROOT, ref.path), 'utf8') };
  },
};

async function diagnostics(path: string, text: string) {
  const found = await validate(TextDocument.create(`file://${REPO_ROOT}${path}`, 'yaml', 1, text), { fileProvider });
  return found.map((d) => `${path}:${d.range.start.line + 1}: [${d.severity ?? 'error'}] ${d.message}`);
}

describe("GitHub's workflow parser and language service", () => {
  it('finds no error and no warning in any workflow file or in action.yml', async () => {
    const files = [...workflowFiles().map((f) => ({ path: f.path, text: f.text })), { path: 'action.yml', text: actionFile().text }];
    expect(files.map((f) => f.path)).toEqual([
      '.github/workflows/ci.yml',
      '.github/workflows/pipeline.yml',
      '.github/workflows/pr-check.yml',
      '.github/workflows/scheduler.yml',
      '.github/workflows/send-now.yml',
      'action.yml',
    ]);
    const found = (await Promise.all(files.map((f) => diagnostics(f.path, f.text)))).flat();
    expect(found).toEqual([]);
  });

  it('converts every workflow to the workflow template without errors (reusable workflows followed)', async () => {
    for (const file of workflowFiles()) {
      const parsed = parseWorkflow({ name: file.path, content: file.text }, new NoOperationTraceWriter());
      expect(parsed.value, file.path).toBeDefined();
      const template = await convertWorkflowTemplate(parsed.context, parsed.value!, fileProvider, { fetchReusableWorkflowDepth: 1 });
      expect(template.errors ?? [], file.path).toEqual([]);
      expect(Object.keys(template.jobs ?? []).length, file.path).toBeGreaterThan(0);
    }
  });

  it('catches a broken action.yml too', async () => {
    const broken = actionFile().text.replace('using: composite', 'using: composit');
    expect((await diagnostics('broken/action.yml', broken)).join('\n')).toMatch(/composit/);
  });

  it('does catch mistakes (so a clean result means something)', async () => {
    const text = workflowFiles().find((f) => f.path.endsWith('scheduler.yml'))!.text;
    const broken = text
      .replace('"7,27,47 * * * *"', '"61 * * * *"')
      .replace('cancel-in-progress: false', 'cancel-in-progress: true')
      .replace('      issues: write', '      issues: writ')
      .replace('trigger: schedule', 'trigger: schedule\n      no-such-input: x');
    // A path of its own: the language service caches parses by document URI.
    const found = await diagnostics('.github/workflows/broken-scheduler.yml', broken);
    const text1 = found.join('\n');
    expect(text1).toMatch(/cron/i);
    expect(text1).toMatch(/queue: max.*cancel-in-progress: true/);
    expect(text1).toMatch(/writ/);
    expect(text1).toMatch(/no-such-input/);
  });
});

/** Effective permissions of a job: its own block, or the workflow's. */
function permissionsOf(job: Job, top: Job['permissions']): Record<string, string> {
  const p = job.permissions ?? top;
  if (typeof p === 'string') throw new Error(`permissions must be a mapping, got '${p}'`);
  return p ?? {};
}

function writes(p: Record<string, string>): string[] {
  return Object.entries(p).filter(([, v]) => v === 'write').map(([k]) => k).sort();
}

describe('least privilege', () => {
  const pipeline = workflow('pipeline.yml');

  it('gives every workflow a read-only default and never write-all', () => {
    for (const { path, workflow: w } of workflowFiles()) {
      expect(w.permissions, path).toEqual({ contents: 'read' });
      for (const job of Object.values(w.jobs)) expect(typeof (job.permissions ?? {}), path).toBe('object');
    }
  });

  it('lets only the committing job write contents and only the job that manages issues write issues', () => {
    const writers: string[] = [];
    for (const { path, workflow: w } of workflowFiles()) {
      for (const [name, job] of Object.entries(w.jobs)) {
        if (job.uses) continue; // A reusable-workflow call: checked below against what its jobs need.
        const commands = (job.steps ?? []).map(onixCommand);
        const needed = [...(commands.includes('record') ? ['contents'] : []), ...(commands.includes('issues-sync') ? ['issues'] : [])].sort();
        expect(writes(permissionsOf(job, w.permissions)), `${path} job ${name}`).toEqual(needed);
        if (needed.length) writers.push(`${path}:${name}`);
        for (const [scope, level] of Object.entries(permissionsOf(job, w.permissions))) {
          expect(['contents', 'issues'], `${path} job ${name} asks for ${scope}`).toContain(scope);
          expect(['read', 'write', 'none']).toContain(level);
        }
      }
    }
    expect(writers).toEqual(['.github/workflows/pipeline.yml:record']);
  });

  it('grants a reusable-workflow call exactly what the called jobs need, no more', () => {
    const needed = new Map<string, string>();
    for (const job of Object.values(pipeline.jobs)) {
      for (const [scope, level] of Object.entries(permissionsOf(job, pipeline.permissions))) {
        if (level === 'write' || !needed.has(scope)) needed.set(scope, level);
      }
    }
    for (const name of ['scheduler.yml', 'send-now.yml']) {
      const call = workflow(name).jobs.pipeline;
      expect(call.uses).toBe('./.github/workflows/pipeline.yml');
      expect(call.permissions).toEqual(Object.fromEntries(needed));
    }
  });
});

describe('secrets', () => {
  it('reach only the env of the steps that talk to Amazon, never with:, run:, job env, outputs', () => {
    const secretSteps: string[] = [];
    for (const { path, text, workflow: w } of workflowFiles()) {
      for (const [name, job] of Object.entries(w.jobs)) {
        expect(JSON.stringify(job.outputs ?? {}), `${path} ${name} outputs`).not.toMatch(/secrets\.|github\.token/);
        expect(JSON.stringify(job.env ?? {}), `${path} ${name} env`).not.toMatch(/secrets\.|github\.token/);
        for (const step of job.steps ?? []) {
          expect(JSON.stringify(step.with ?? {}) + (step.run ?? ''), `${path} ${name}`).not.toMatch(/secrets\.|github\.token/);
          const env = JSON.stringify(step.env ?? {});
          if (/secrets\./.test(env)) {
            expect(['send', 'reconcile'], `${path} ${name} step ${step.name}`).toContain(onixCommand(step));
            secretSteps.push(onixCommand(step)!);
          }
          if (/github\.token/.test(env)) expect(onixCommand(step)).toBe('issues-sync');
        }
      }
      expect(JSON.stringify(w.env ?? {}), path).not.toMatch(/secrets\./);
      expect(text, path).not.toMatch(/toJSON\(secrets\)/i);
    }
    expect(secretSteps.sort()).toEqual(['reconcile', 'send']);
  });

  it('puts no expression into a shell script (no script injection)', () => {
    for (const { file, job, step } of allSteps()) if (step.run) expect(step.run, `${file} ${job}`).not.toContain('${{');
    for (const step of actionFile().action.runs.steps) if (step.run) expect(step.run).not.toContain('${{');
  });

  it('runs each tenant send in an environment named after the tenant, one at a time, never cancelled', () => {
    const send = workflow('pipeline.yml').jobs.send;
    expect(send.environment).toEqual({ name: '${{ matrix.tenant }}', deployment: false });
    expect(send.strategy?.['fail-fast']).toBe(false);
    expect(send.strategy?.['max-parallel']).toBeGreaterThan(0);
    expect(send.strategy?.matrix).toEqual({ include: '${{ fromJSON(needs.plan.outputs.plan) }}' });
    expect(send.concurrency).toMatchObject({ group: expect.stringContaining('${{ matrix.tenant }}'), 'cancel-in-progress': false });
    for (const name of ['scheduler.yml', 'send-now.yml']) {
      expect(workflow(name).concurrency).toMatchObject({ 'cancel-in-progress': false, queue: 'max' });
    }
    // An empty plan ends cleanly: the matrix job is skipped rather than failing on an empty matrix.
    expect(send.if).toContain("needs.plan.outputs.plan != '[]'");
  });
});

describe('schedule', () => {
  it('ticks several times an hour, never at the top of the hour', () => {
    const crons = workflowFiles().flatMap((f) => ((f.workflow.on.schedule ?? []) as { cron: string }[]).map((s) => s.cron));
    expect(crons.length).toBeGreaterThan(0);
    for (const cron of crons) {
      const minute = cron.split(/\s+/)[0];
      expect(minute, cron).toMatch(/^\d+(,\d+)*$/);
      const minutes = minute.split(',').map(Number);
      expect(minutes.length, cron).toBeGreaterThanOrEqual(3);
      for (const m of minutes) expect(m % 15 === 0, `${cron}: minute ${m} is a busy minute`).toBe(false);
    }
  });

  it('plans again when a config change lands on the default branch, queued behind any cron or send-now run', () => {
    const scheduler = workflow('scheduler.yml');
    expect(scheduler.on.push).toEqual({ branches: ['main'], paths: ['config/**'] });
    // One group per branch for every event of both workflows: a push run never overlaps a cron run, so the second
    // plans from the history the first committed and a slot is not sent twice.
    const group = scheduler.concurrency!.group;
    expect(workflow('send-now.yml').concurrency!.group).toBe(group);
    expect(group).not.toMatch(/github\.(event_name|run_id|run_number|sha)|github\.event\./);
    expect(scheduler.concurrency).toMatchObject({ 'cancel-in-progress': false });
    // The pipeline plans from the branch tip (where the earlier run committed), not from the pushed commit.
    for (const step of workflow('pipeline.yml').jobs.plan.steps!.filter((s) => s.uses?.startsWith('actions/checkout@'))) {
      expect(step.with?.ref).toBe('${{ github.ref }}');
    }
  });
});

describe('actions used', () => {
  const MIN_MAJOR: Record<string, number> = {
    'actions/checkout': 5,
    'actions/setup-node': 6,
    'actions/upload-artifact': 6,
    'actions/download-artifact': 7,
    'actions/cache/restore': 5,
    'actions/cache/save': 5,
  };

  it('pins every action to a major that runs on Node 24', () => {
    const uses = [...allSteps().map((s) => s.step.uses), ...actionFile().action.runs.steps.map((s) => s.uses)].filter(
      (u): u is string => !!u && u !== './',
    );
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) {
      const [name, version] = u.split('@');
      expect(Object.keys(MIN_MAJOR), u).toContain(name);
      expect(version, u).toMatch(/^v\d+$/);
      expect(Number(version.slice(1)), u).toBeGreaterThanOrEqual(MIN_MAJOR[name]);
    }
  });

  it('passes the action only inputs it declares, and runs only real commands with real options', async () => {
    const { action } = actionFile();
    for (const { file, job, step } of allSteps()) {
      const command = onixCommand(step);
      if (!command) continue;
      const where = `${file} ${job} ${step.name ?? command}`;
      for (const key of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), where).toContain(key);
      expect(Object.keys(COMMANDS), where).toContain(command);
      const options = Object.keys((await COMMANDS[command]()).options);
      for (const flag of String(step.with?.args ?? '').match(/--[a-z][a-z-]*/g) ?? []) {
        expect(['root', ...options], `${where}: ${flag}`).toContain(flag.slice(2));
      }
    }
  });
});

describe('send now', () => {
  const dispatch = workflow('send-now.yml').on.workflow_dispatch.inputs as Record<string, { type: string; options?: string[] }>;
  const call = workflow('pipeline.yml').on.workflow_call.inputs as Record<string, { type: string }>;

  it('waits for the manual-send environment (where reviewers can be required) before sending', () => {
    const jobs = workflow('send-now.yml').jobs;
    expect(jobs.approve.environment).toEqual({ name: 'manual-send', deployment: false });
    expect(jobs.approve.permissions).toEqual({});
    expect(jobs.pipeline.needs).toBe('approve');
    // Scheduled sends never pass that gate.
    expect(Object.keys(workflow('scheduler.yml').jobs)).toEqual(['pipeline']);
  });

  it('offers exactly the tenants that have a config', () => {
    const tenants = readdirSync(join(REPO_ROOT, 'config/tenants'))
      .filter((n) => n.endsWith('.yaml'))
      .map((n) => n.replace(/\.yaml$/, ''))
      .sort();
    expect(tenants.length).toBeGreaterThan(0);
    expect([...dispatch.tenant.options!].sort()).toEqual(tenants);
  });

  it('maps every input onto the pipeline with the same type, and onto send options', async () => {
    expect(dispatch.titles.options!.sort()).toEqual(['all', 'changed']);
    const passed = workflow('send-now.yml').jobs.pipeline.with as Record<string, string>;
    for (const [name, input] of Object.entries(dispatch)) {
      expect(passed[name], name).toBe(`\${{ inputs.${name} }}`);
      expect(call[name]?.type, name).toBe(input.type === 'choice' ? 'string' : input.type);
    }
    const sendOptions = Object.keys((await COMMANDS.send()).options);
    for (const option of ['tenant', 'titles', 'dry-run', 'force', 'trigger', 'no-commit', 'record-out']) {
      expect(sendOptions, option).toContain(option);
    }
  });
});
