/** Child-side workload of the planning stage: the `plan` command over a repository of generated tenants. */
import type { Workload } from '../types.ts';

/** Args: root, now (ISO), tenants (expected count). */
const plan: Workload = async (args) => {
  const { main } = await import('../../../src/cli.ts');
  return async () => {
    let out = '';
    let err = '';
    const code = await main(['plan', '--root', String(args.root), '--now', String(args.now)], {
      stdout: (text) => void (out += text), stderr: (text) => void (err += text), env: {},
    });
    if (code !== 0 || err) throw new Error(`plan exited ${code}: ${err.slice(0, 500)}`);
    const due = (JSON.parse(out) as unknown[]).length;
    return { items: Number(args.tenants), note: `${due} due` };
  };
};

/** The planning stage's workloads. */
export const workloads = { plan };
