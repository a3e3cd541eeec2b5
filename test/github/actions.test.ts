import { describe, expect, it } from 'vitest';
import { runLinks, workspacePath } from '../../src/github/actions.ts';
import { capPerLevel, type Annotation } from '../../src/github/annotations.ts';

const env = {
  GITHUB_SERVER_URL: 'https://github.example.com',
  GITHUB_REPOSITORY: 'acme/feeds',
  GITHUB_REF_NAME: 'release/2026-11',
  GITHUB_RUN_ID: '77',
  GITHUB_WORKSPACE: '/home/runner/work/feeds/feeds',
};

describe('run links', () => {
  it('point at the branch the run is on, through the data folder inside the checkout', () => {
    const links = runLinks(env, '/home/runner/work/feeds/feeds/data');
    expect(links.historyUrl!('harbour-lane')).toBe('https://github.example.com/acme/feeds/tree/release/2026-11/data/catalog/harbour-lane/feeds');
    expect(links.fileUrl!('docs/operators.md')).toBe('https://github.example.com/acme/feeds/blob/release/2026-11/docs/operators.md');
    expect(links.artifactsUrl).toBe('https://github.example.com/acme/feeds/actions/runs/77#artifacts');
  });

  it('are absent outside Actions, and paths outside the checkout stay as they are', () => {
    expect(runLinks({}, '.')).toEqual({});
    expect(workspacePath(env, '/elsewhere', 'catalog/x/titles/1.yaml')).toBe('catalog/x/titles/1.yaml');
    expect(workspacePath(env, '/home/runner/work/feeds/feeds', 'catalog/x/titles/1.yaml')).toBe('catalog/x/titles/1.yaml');
  });
});

describe('annotation limits', () => {
  it('keeps at most 10 per level, the tenth saying how many more', () => {
    const many = (level: Annotation['level'], n: number) => Array.from({ length: n }, (_, i) => ({ level, message: `${level} ${i}` }));
    const capped = capPerLevel([...many('error', 25), ...many('warning', 10), ...many('notice', 3)]);
    expect(capped.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(capped.filter((a) => a.level === 'error').at(-1)).toEqual({ level: 'error', title: '16 more', message: '16 more errors: see the job summary.' });
    expect(capped.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual(many('warning', 10).map((a) => a.message));
    expect(capped.filter((a) => a.level === 'notice')).toHaveLength(3);
  });
});
