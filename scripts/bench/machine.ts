/** The machine a benchmark ran on, for the report: figures mean little without it. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';

/** What the report says about the machine and the software. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  commit?: string;
  /** 1-minute load average when the run started: other work on the machine skews absolute figures, not ratios. */
  loadAverage: number;
  /** Where the generated data lived (tmpfs or disk). */
  dataDir: string;
}

/** Describes this machine; `dataDir` is where the harness generates its data. */
export function machineInfo(dataDir: string): MachineInfo {
  let commit: string | undefined;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: new URL('../..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    commit = undefined;
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    commit,
    loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
    dataDir,
  };
}

/** Where benchmark data goes by default: tmpfs (`/dev/shm`) when present, so disk noise stays out, else the OS temp folder. */
export function defaultScratchParent(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
}
