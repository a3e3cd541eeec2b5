/**
 * A title's trail as Markdown for people (the `history --isbn` command's output). Pure.
 */
import { describeResult } from './carriage.ts';
import { describeFieldChange } from './title-diff.ts';
import type { TitleChanges, TitleTrail, TrailFeed } from './title-trail.ts';
import type { TitleCommit } from './title-versions.ts';

function commitLine(c: TitleCommit): string[] {
  const what = c.added ? ' (file added)' : c.removed ? ' (file removed)' : c.invalid ? ' (file does not parse as a title here)' : '';
  const head = `- \`${c.commit.slice(0, 12)}\` ${c.time} ${c.author}: ${c.subject}${what}`;
  return [head, ...(c.added ? [] : c.fields.map((f) => `  - ${describeFieldChange(f)}`))];
}

function changeLines(changes: TitleChanges, none: string): string[] {
  if (!changes.commits.length) return [none];
  const lines = changes.commits.flatMap(commitLine);
  if (changes.moreCommits) lines.push(`- ...and older commits (\`git log -- <title file>\` lists them all)`);
  // One commit already shows its fields; over several, the net effect is what reached (or will reach) Amazon.
  if ((changes.commits.length > 1 || changes.moreCommits) && changes.fields.length) lines.push('', `Net change: ${changes.fields.map((f) => f.field).join(', ')}`);
  return lines;
}

function feedSection(feed: TrailFeed, first: boolean): string[] {
  const ids = feed.feedIds.length ? `feed ${feed.feedIds.join(', ')}` : 'no feed id';
  return [
    `### ${feed.startedAt}: ${feed.trigger}, ${feed.kind}, ${feed.status} (${ids})`,
    '',
    `Sent: ${feed.action === 'delete' ? 'a deletion' : 'the title'} at catalog commit \`${feed.catalogCommit.slice(0, 12)}\``,
    `Amazon: ${describeResult(feed.result)}`,
    '',
    first ? 'The title file up to this feed:' : 'Changed since the feed before that carried it:',
    '',
    ...changeLines(feed.changes, first ? '- (no commits found)' : '- no change to the title (sent again: a full feed, or a resend after errors)'),
    '',
  ];
}

/** Renders the trail, newest feed first. */
export function renderTitleTrail(trail: TitleTrail): string {
  const lines = [
    `# ${trail.isbn} in ${trail.tenant}: did Amazon get it?`,
    '',
    `**${trail.verdict}**`,
    '',
    `Title file at HEAD (\`${trail.headCommit.slice(0, 12)}\`): ${trail.currentPath ? `\`${trail.currentPath}\`` : 'none (deleted)'}`,
    '',
  ];
  if (trail.unsent) {
    lines.push('## Not sent yet', '', ...changeLines(trail.unsent, '- (no commits found)'), '');
  }
  if (trail.heldBack.length) {
    lines.push('## Held back (the file was invalid; not sent)', '');
    for (const h of [...trail.heldBack].reverse()) lines.push(`- ${h.startedAt} (${h.id}): ${h.reason}`);
    lines.push('');
  }
  lines.push(`## Feeds that carried it (${trail.feeds.length}, newest first)`, '');
  if (!trail.feeds.length) lines.push('None yet.', '');
  const newestFirst = [...trail.feeds].reverse();
  newestFirst.forEach((feed, i) => lines.push(...feedSection(feed, i === newestFirst.length - 1)));
  return lines.join('\n');
}
