/**
 * Annotations for a feed run, from its records (pure). GitHub shows at most 10 errors, 10 warnings and 10 notices per
 * step, so each kind stops at 9 and a tenth says how many more the summary lists.
 */
import type { FeedRecord } from '../feed/record.ts';
import { oneLineResult } from './run-summary.ts';

/** How GitHub shows an annotation: red, yellow or grey. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** One annotation on a run (and on a file's line in a pull request when `file` and `line` are given). */
export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title?: string;
  /** Path relative to the repository root; with `line`, the annotation lands on that line of the pull request diff. */
  file?: string;
  line?: number;
  col?: number;
}

/** GitHub's per-step limit for each annotation level. */
export const ANNOTATIONS_PER_LEVEL = 10;

/**
 * The annotations for a run's records: a failed feed is an error, a feed with errors a warning, each title Amazon
 * refused an error (on its file when `titleFile` knows it), each title held back a warning on its file, and a
 * notice per feed that went through.
 */
export function feedAnnotations(records: FeedRecord[], titleFile: (tenant: string, isbn: string) => string | undefined = () => undefined): Annotation[] {
  const all: Annotation[] = [];
  for (const r of records) {
    if (r.status === 'failed') all.push({ level: 'error', title: `${r.tenant}: feed failed`, message: r.reason ?? oneLineResult(r) });
    else if (r.status === 'done_with_errors') all.push({ level: 'warning', title: `${r.tenant}: Amazon reported errors`, message: oneLineResult(r) });
    else all.push({ level: 'notice', title: `${r.tenant}: ${r.status}`, message: r.reason ? `${oneLineResult(r)} - ${r.reason}` : oneLineResult(r) });
    for (const d of r.documents) {
      for (const issue of d.report?.issues ?? []) {
        if (issue.severity !== 'ERROR') continue;
        const file = issue.isbn ? titleFile(r.tenant, issue.isbn) : undefined;
        all.push({
          level: 'error',
          title: `Amazon ${issue.code}${issue.isbn ? ` for ${issue.isbn}` : ''}`,
          message: issue.message,
          ...(file ? { file, line: 1 } : {}),
        });
      }
    }
    for (const h of r.heldBack ?? []) {
      all.push({ level: 'warning', title: `${h.isbn} held back`, message: h.reason, file: h.path, line: 1 });
    }
  }
  return capPerLevel(all);
}

/** Keeps at most {@link ANNOTATIONS_PER_LEVEL} per level; the last one kept says how many more there are. */
export function capPerLevel(annotations: Annotation[]): Annotation[] {
  const out: Annotation[] = [];
  for (const level of ['error', 'warning', 'notice'] as const) {
    const ofLevel = annotations.filter((a) => a.level === level);
    if (ofLevel.length <= ANNOTATIONS_PER_LEVEL) {
      out.push(...ofLevel);
      continue;
    }
    const kept = ofLevel.slice(0, ANNOTATIONS_PER_LEVEL - 1);
    const more = ofLevel.length - kept.length;
    out.push(...kept, { level, title: `${more} more`, message: `${more} more ${level}s: see the job summary.` });
  }
  return out;
}
