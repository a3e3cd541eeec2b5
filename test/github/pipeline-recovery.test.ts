/**
 * How the pipeline recovers unfinished work: the send job keeps the tenant's run journal in the Actions cache across
 * runners, so a run stopped after createFeed is resumed by the next one; every scheduler tick gives each tenant with
 * a feed in progress a job that reconciles it; reconciled records reach the record job. Checked on the workflow file;
 * its scripts are run on real folders.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onixCommand, workflow, type Step } from './workflow-files.ts';

const pipeline = workflow('pipeline.yml');
const sendSteps = pipeline.jobs.send.steps!;
const indexOf = (predicate: (step: Step) => boolean) => {
  const index = sendSteps.findIndex(predicate);
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
};

describe('the run journal across runners', () => {
  const restore = indexOf((s) => s.uses?.startsWith('actions/cache/restore@') ?? false);
  const keep = indexOf((s) => s.name === 'Keep the run journal for the next run');
  const save = indexOf((s) => s.uses?.startsWith('actions/cache/save@') ?? false);
  const reconcile = indexOf((s) => onixCommand(s) === 'reconcile');
  const send = indexOf((s) => onixCommand(s) === 'send');

  it('restores the newest entry of the tenant before anything runs, and saves a new one after, whatever happened', () => {
    expect(restore).toBeLessThan(reconcile);
    expect(reconcile).toBeLessThan(send);
    expect(send).toBeLessThan(keep);
    expect(keep).toBeLessThan(save);
    const [r, k, s] = [sendSteps[restore], sendSteps[keep], sendSteps[save]];
    // The same folder, the one `send` keeps its journal and documents in.
    expect(r.with?.path).toBe('${{ inputs.root }}/out/${{ matrix.tenant }}');
    expect(s.with?.path).toBe(r.with?.path);
    expect(k.env?.STATE).toBe(r.with?.path);
    // A new entry per run attempt (entries are immutable), found again by the tenant's prefix: the newest wins.
    expect(s.with?.key).toBe(r.with?.key);
    expect(r.with?.key).toBe('onix-feeds-journal-${{ matrix.tenant }}.${{ github.run_id }}-${{ github.run_attempt }}');
    expect(r.with?.['restore-keys']).toBe('onix-feeds-journal-${{ matrix.tenant }}.');
    expect(String(r.with?.key).startsWith(String(r.with?.['restore-keys']))).toBe(true);
    expect([k.if, s.if]).toEqual(['always()', 'always()']);
    // The send step stops before the job does, so the steps after it still run.
    expect(Number((sendSteps[send] as Step & { 'timeout-minutes'?: number })['timeout-minutes'])).toBeLessThan(
      Number((pipeline.jobs.send as { 'timeout-minutes'?: number })['timeout-minutes']),
    );
  });

  it("never restores one tenant's journal for another whose id starts the same (acme and acme-books)", () => {
    const expand = (template: unknown, tenant: string) =>
      String(template).replace('${{ matrix.tenant }}', tenant).replace('${{ github.run_id }}', '123').replace('${{ github.run_attempt }}', '1');
    const r = sendSteps[restore];
    const tenantId = /^[a-z0-9][a-z0-9-]{1,62}$/;
    for (const [tenant, other] of [['acme', 'acme-books'], ['acme-books', 'acme'], ['a1', 'a1-2']]) {
      expect(tenantId.test(tenant) && tenantId.test(other)).toBe(true);
      const prefix = expand(r.with?.['restore-keys'], tenant);
      expect(expand(r.with?.key, tenant).startsWith(prefix)).toBe(true);
      expect(expand(r.with?.key, other).startsWith(prefix)).toBe(false);
    }
  });

  it('stops the send step only after the longest polling a tenant may configure, with time left to build and upload', () => {
    const schema = JSON.parse(readFileSync(new URL('../../config/tenant.schema.json', import.meta.url), 'utf8'));
    const longestPolling = schema.properties.amazon.properties.polling.properties.timeoutMinutes.maximum;
    const stepLimit = Number((sendSteps[send] as Step & { 'timeout-minutes'?: number })['timeout-minutes']);
    expect(longestPolling).toBe(60);
    expect(stepLimit - longestPolling).toBeGreaterThanOrEqual(15);
  });

  async function keepStep(files: Record<string, string>): Promise<{ state: string; left: string[] }> {
    const state = join(await mkdtemp(join(tmpdir(), 'onix-feeds-journal-')), 'out', 'acme-books');
    await mkdir(state, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(state, name), text);
    execFileSync('bash', ['-e', '-c', sendSteps[keep].run!], { env: { PATH: process.env.PATH, STATE: state } });
    return { state, left: (await readdir(state)).sort() };
  }

  it('keeps the journal with the documents it still needs after a stopped run', async () => {
    const { state, left } = await keepStep({ 'journal.json': '{"version":1}', 'acme-books_onix31_amazon_20261128_060000.xml': '<ONIXMessage/>' });
    expect(left).toEqual(['acme-books_onix31_amazon_20261128_060000.xml', 'journal-saved-at', 'journal.json']);
    expect(await readFile(join(state, 'journal.json'), 'utf8')).toBe('{"version":1}');
    expect(await readFile(join(state, 'journal-saved-at'), 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
  });

  it('leaves only the marker after a finished run, so the entry supersedes an older journal', async () => {
    expect((await keepStep({ 'acme-books_onix31_amazon_20261128_060000.xml': '<ONIXMessage/>', 'journal-saved-at': 'old\n' })).left).toEqual([
      'journal-saved-at',
    ]);
  });

  it('uploads the folder send writes its documents and ONIX record to, without the journal', () => {
    const upload = sendSteps.find((s) => s.name === 'Upload the documents sent and the ONIX record')!;
    expect(upload.if).toBe('always()');
    expect(String(upload.with?.path).split('\n').filter(Boolean)).toEqual([
      '${{ inputs.root }}/out/${{ matrix.tenant }}/',
      '!${{ inputs.root }}/out/${{ matrix.tenant }}/journal*',
    ]);
    // No --out: send writes to its default, <root>/out/<tenant>, the folder uploaded above.
    expect(String(sendSteps[send].with?.args)).not.toMatch(/--out\b/);
    expect(String(sendSteps[send].with?.root)).toBe('${{ inputs.root }}');
  });
});

describe('feeds in progress', () => {
  const planSteps = pipeline.jobs.plan.steps!;

  it('are listed on every scheduled tick and get a reconcile-only job when their tenant is not due', () => {
    const list = planSteps.find((s) => s.id === 'open')!;
    expect(onixCommand(list)).toBe('reconcile');
    expect(list.with?.args).toBe('--list');
    expect(list.if).toBe("inputs.trigger == 'schedule'");
    const merge = planSteps.find((s) => s.id === 'scheduled')!;
    expect(merge.env).toEqual({ DUE: '${{ steps.due.outputs.stdout }}', OPEN: '${{ steps.open.outputs.stdout }}' });
    expect(pipeline.jobs.plan.outputs?.plan).toBe('${{ steps.scheduled.outputs.plan || steps.manual.outputs.plan }}');
    const run = (DUE: string, OPEN: string) => {
      const out = execFileSync('bash', ['-e', '-c', merge.run!.replace('>> "$GITHUB_OUTPUT"', '')], { env: { PATH: process.env.PATH, DUE, OPEN }, encoding: 'utf8' });
      expect(out).toMatch(/^plan=.*\n$/);
      return JSON.parse(out.slice('plan='.length));
    };
    const due = [{ tenant: 'a', titles: 'changed', slot: '2026-11-28T06:00:00.000Z' }];
    expect(run(JSON.stringify(due) + '\n', '["a","b"]\n')).toEqual([...due, { tenant: 'b', reconcileOnly: true }]);
    expect(run('[]\n', '[]\n')).toEqual([]);
    expect(run('[]\n', '["b"]\n')).toEqual([{ tenant: 'b', reconcileOnly: true }]);
    // A reconcile-only job reconciles and sends nothing.
    expect(sendSteps.find((s) => onixCommand(s) === 'send')!.if).toBe('matrix.reconcileOnly != true');
    expect(sendSteps.find((s) => onixCommand(s) === 'reconcile')!.if).toBeUndefined();
  });
});

describe('reconciled feeds', () => {
  it('reach the record job: reconcile writes its records into the folder the record artifact uploads', () => {
    const reconcile = sendSteps.find((s) => onixCommand(s) === 'reconcile')!;
    expect(reconcile.with?.args).toBe('--tenant ${{ matrix.tenant }} --no-commit --record-out out/records/${{ matrix.tenant }}.reconciled.json');
    const upload = sendSteps.find((s) => s.name === 'Upload the record')!;
    expect(upload.if).toBe('always()');
    expect(upload.with?.path).toBe('out/records/');
    const record = pipeline.jobs.record.steps!.find((s) => onixCommand(s) === 'record')!;
    expect(record.with?.args).toBe('out/records/*.json');
  });
});
