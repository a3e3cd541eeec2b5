/**
 * `npm start`: the whole product on the example catalog, against the local SP-API sandbox, without touching this
 * checkout. It validates config/ and catalog/, shows what the schedules will do, then works in a scratch repository
 * (a copy of config/ and catalog/ with a bare "origin", so commit-back and push are real): a full ONIX feed and a
 * full listings feed sent now, a one-title price change sent as a scheduled delta, a scheduled run with nothing to
 * send, and the history page that results.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.ts';
import { loadTenants } from '../src/config/load.ts';
import { nextSlots } from '../src/schedule/slots.ts';

const checkout = fileURLToPath(new URL('..', import.meta.url));
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const heading = (text: string) => console.log(`\n${bold(`== ${text}`)}`);

/** Runs one onix-feeds command in-process, echoing it; returns its exit code. */
async function onixFeeds(...argv: string[]): Promise<number> {
  console.log(`$ onix-feeds ${argv.join(' ')}`);
  return main(argv, { env: { ...process.env, GITHUB_ACTIONS: '' } });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...DEMO_IDENTITY } });
}

const DEMO_IDENTITY = {
  GIT_AUTHOR_NAME: 'onix-feeds demo',
  GIT_AUTHOR_EMAIL: 'demo@onix-feeds.invalid',
  GIT_COMMITTER_NAME: 'onix-feeds demo',
  GIT_COMMITTER_EMAIL: 'demo@onix-feeds.invalid',
};

/** A scratch working copy of the examples with a bare origin to push to. */
async function scratchRepository(): Promise<string> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'onix-feeds-demo-'));
  const work = path.join(base, 'publisher-data');
  for (const folder of ['config', 'catalog']) await cp(path.join(checkout, folder), path.join(work, folder), { recursive: true });
  git(base, 'init', '-q', '--bare', '-b', 'main', 'origin.git');
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'Catalog snapshot for the demo');
  git(work, 'remote', 'add', 'origin', path.join(base, 'origin.git'));
  git(work, 'push', '-q', '-u', 'origin', 'main');
  return work;
}

/** Raises the first GBP price of one title by 1.00, as a metadata editor's commit would. */
async function changeOnePrice(work: string, tenant: string): Promise<string> {
  const folder = path.join(work, 'catalog', tenant, 'titles');
  const file = git(work, 'ls-files', folder).split('\n').find((name) => name.endsWith('.yaml'));
  if (!file) throw new Error(`no YAML title in ${folder}`);
  const text = await readFile(path.join(work, file), 'utf8');
  const changed = text.replace(/amount: (\d+(?:\.\d+)?)/, (_, amount: string) => `amount: ${(Number(amount) + 1).toFixed(2)}`);
  await writeFile(path.join(work, file), changed);
  git(work, 'commit', '-q', '-am', `Price change for ${path.basename(file, '.yaml')}`);
  return path.basename(file, '.yaml');
}

async function demo(): Promise<number> {
  heading('1. Validate the example tenants and titles');
  if ((await onixFeeds('validate', '--root', checkout)) !== 0) return 1;

  heading('2. What the schedules will do');
  const now = new Date();
  const { tenants } = await loadTenants(checkout);
  for (const { config } of tenants) {
    const { frequency, hour, dayOfWeek, timezone, titles } = config.schedule;
    const when = frequency === 'weekly' ? `weekly on day ${dayOfWeek} at ${hour}:00` : `${frequency} at ${hour}:00`;
    console.log(`${config.id}: ${when} ${timezone}, titles ${titles}, ${config.amazon.delivery.format} to ${config.amazon.marketplaceIds.join(', ')}`);
    for (const slot of nextSlots(config.schedule, now, 3)) {
      const local = slot.toLocaleString('en-GB', { timeZone: timezone, dateStyle: 'medium', timeStyle: 'short' });
      console.log(`  next: ${slot.toISOString()}  (${local} ${timezone})`);
    }
  }
  await onixFeeds('plan', '--root', checkout, '--explain');

  heading('3. A scratch copy of the catalog, with a bare origin to push the history to');
  const work = await scratchRepository();
  console.log(work);

  heading('4. Send now: harbour-lane, a full ONIX 3.1 feed');
  if ((await onixFeeds('send', '--root', work, '--tenant', 'harbour-lane', '--trigger', 'manual', '--titles', 'all', '--sandbox')) !== 0) return 1;

  heading('5. Send now: northwind-books, JSON listings for today\'s SP-API (ONIX kept as the record)');
  if ((await onixFeeds('send', '--root', work, '--tenant', 'northwind-books', '--trigger', 'manual', '--titles', 'all', '--sandbox')) !== 0) return 1;

  heading('6. An editor changes one price; the next scheduled run sends only that title');
  const isbn = await changeOnePrice(work, 'harbour-lane');
  console.log(`changed the price of ${isbn} and committed it`);
  const slot = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000).toISOString();
  if ((await onixFeeds('send', '--root', work, '--tenant', 'harbour-lane', '--trigger', 'schedule', '--slot', slot, '--sandbox')) !== 0) return 1;

  heading('7. The next tick with nothing changed: no feed is sent');
  const nextSlot = new Date(Date.parse(slot) + 3_600_000).toISOString();
  if ((await onixFeeds('send', '--root', work, '--tenant', 'harbour-lane', '--trigger', 'schedule', '--slot', nextSlot, '--sandbox')) !== 0) return 1;

  heading('8. The history, as committed and pushed (catalog/harbour-lane/feeds/README.md)');
  await onixFeeds('history', '--root', work, '--tenant', 'harbour-lane');
  console.log(`\n${git(work, 'log', '--oneline', '-6', 'origin/main')}`);
  console.log(`Your checkout was not touched. The scratch repository is ${work}`);
  return 0;
}

process.exitCode = await demo();
