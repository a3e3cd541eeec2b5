/**
 * Log groups for a command's progress in GitHub Actions: each progress line that says what the tool is now doing
 * ("harbour-lane: building onix documents", "harbour-lane: submitting (attempt 1)") opens a collapsible group, and
 * the lines after it (products, bytes, statuses) go inside, until the next such line or the end.
 */

/** A progress line that starts a phase: `<tenant>: <verb>ing ...`. */
const PHASE_LINE = /^[a-z0-9][a-z0-9-]*: [a-z]+ing\b/;

/** A text sink that groups phases; call `end()` when the command is over to close the last group. */
export interface GroupedLog {
  write(text: string): void;
  end(): void;
}

/** Wraps `write` (the step's stderr) so that phases show as `::group::` sections on the run page. */
export function phaseGroups(write: (text: string) => void): GroupedLog {
  let open = false;
  let pending = '';
  const line = (text: string) => {
    if (PHASE_LINE.test(text)) {
      if (open) write('::endgroup::\n');
      write(`::group::${text.replace(/%/g, '%25')}\n`);
      open = true;
    } else write(`${text}\n`);
  };
  return {
    write(text) {
      const lines = (pending + text).split('\n');
      pending = lines.pop()!;
      lines.forEach(line);
    },
    end() {
      if (pending) line(pending);
      pending = '';
      if (open) write('::endgroup::\n');
      open = false;
    },
  };
}
