/**
 * Entry point of the composite action (`action.yml`): runs one onix-feeds command as a GitHub Actions step. Before
 * anything runs it masks the step's secrets and the encoded forms they take on the wire, and every LWA access token a
 * Feeds client obtains during the step is masked the moment it arrives; the command's progress shows as log groups,
 * one per phase.
 */
import { onClientSecret } from '../amazon/secret-listeners.ts';
import { main, type MainIo } from '../cli.ts';
import { inActions, registerMasks } from './actions.ts';
import { phaseGroups } from './log-groups.ts';
import { maskValues, secretMasks } from './masks.ts';

/** Runs `onix-feeds <argv>` as a step: masks first, then the command with grouped progress. Returns the exit code. */
export async function runAsStep(argv: string[], io: Required<Pick<MainIo, 'env' | 'stdout' | 'stderr'>>): Promise<number> {
  if (!inActions(io.env)) return main(argv, io);
  registerMasks(secretMasks(io.env));
  const stopMasking = onClientSecret((token) => registerMasks(maskValues(token)));
  const grouped = phaseGroups(io.stderr);
  try {
    return await main(argv, { ...io, stderr: grouped.write });
  } finally {
    grouped.end();
    stopMasking();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runAsStep(process.argv.slice(2), {
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  });
}
