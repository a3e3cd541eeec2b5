/**
 * `onix-feeds plan [--now ISO]`: the tenants due at this scheduler tick, as a JSON array on stdout.
 * Tenants whose config or feed history has problems are left out and named on stderr, so one broken file never stops
 * the others.
 */
import type { Command } from '../cli.ts';
import { UsageError } from '../cli.ts';
import { loadTenants } from '../config/load.ts';
import { formatProblem, InvalidInputError, type Problem } from '../config/problem.ts';
import { readHistory } from '../feed/history.ts';
import { configEditTimes } from '../schedule/edit-times.ts';
import { planTick, type TenantScheduleState } from '../schedule/plan.ts';

export const planCommand: Command = {
  summary: 'Print the tenants whose feed is due now, as JSON: [{"tenant","titles","slot"}].',
  usage: 'onix-feeds plan [--root DIR] [--now ISO-8601] [--explain]',
  options: { now: { type: 'string' }, explain: { type: 'boolean' } },
  async run({ root, values, stdout, stderr, env }) {
    const now = values.now === undefined ? new Date() : new Date(String(values.now));
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO 8601 time such as 2026-11-28T06:07:00Z, got '${values.now}'`);
    const [{ tenants, problems }, editTimes] = await Promise.all([loadTenants(root), configEditTimes(root, env)]);
    const leaveOut = (problem: Problem) => stderr(`${formatProblem(problem)} (tenant left out of the plan)\n`);
    problems.forEach(leaveOut);
    const states = await Promise.all(
      tenants.map(async ({ config, path }): Promise<TenantScheduleState | undefined> => {
        try {
          const history = await readHistory(root, config.id);
          return { tenant: config, editedAt: editTimes.get(path), recordedSlots: new Set(history.flatMap((r) => (r.slot ? [r.slot] : []))) };
        } catch (error) {
          if (!(error instanceof InvalidInputError)) throw error;
          error.problems.forEach(leaveOut);
          return undefined;
        }
      }),
    );
    const plan = planTick(states.filter((state) => state !== undefined), now);
    if (values.explain) {
      for (const { tenant, decision } of plan.notDue) stderr(`${tenant}: not due: ${decision.reason}\n`);
    }
    stdout(JSON.stringify(plan.due) + '\n');
    return 0;
  },
};
