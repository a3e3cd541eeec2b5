import { describe, expect, it } from 'vitest';
import { parseYamlWithPositions } from '../../src/config/yaml-document.ts';

const TEXT = `sender:
  name: Harbour Lane
schedule:
  hour: 24
  days: [1, 2]
  empty:
answer: no
date: 2025-02-30
`;

describe('parseYamlWithPositions', () => {
  it('keeps YAML 1.2 core values: no is a string, dates stay strings', () => {
    const { value, problems } = parseYamlWithPositions(TEXT, 'a.yaml');
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ answer: 'no', date: '2025-02-30', schedule: { hour: 24, days: [1, 2], empty: null } });
  });

  it('locates values, keys, list items, empty values and missing keys', () => {
    const { locate } = parseYamlWithPositions(TEXT, 'a.yaml');
    expect(locate(['schedule', 'hour'])).toEqual({ line: 4, col: 9 });
    expect(locate(['schedule', 'hour'], 'key')).toEqual({ line: 4, col: 3 });
    expect(locate(['schedule', 'days', 1])).toEqual({ line: 5, col: 13 });
    expect(locate(['schedule', 'empty'])).toEqual({ line: 6, col: 3 });
    expect(locate(['schedule', 'missing', 'deeper'])).toEqual({ line: 3, col: 1 });
    expect(locate([])).toEqual({ line: 1, col: 1 });
  });

  it('reports syntax errors with their line and leaves no value', () => {
    const { value, problems } = parseYamlWithPositions('a: 1\nb: [1, 2\nc: 3\n', 'bad.yaml');
    expect(value).toBeUndefined();
    expect(problems[0]).toMatchObject({ path: 'bad.yaml', line: 3 });
    expect(problems[0].message).toMatch(/^YAML: /);
  });

  it('reports duplicate keys on the second one', () => {
    const { problems } = parseYamlWithPositions('a: 1\nb: 2\na: 3\n', 'dup.yaml');
    expect(problems).toEqual([{ path: 'dup.yaml', line: 3, col: 1, message: "YAML: key 'a' appears twice in the same mapping; keys must be unique, keep one" }]);
  });

  it('says what an empty file should hold', () => {
    for (const text of ['', '\n\n', '# only a comment\n']) {
      const { problems } = parseYamlWithPositions(text, 'e.yaml', { expected: 'the keys a and b' });
      expect(problems).toEqual([{ path: 'e.yaml', line: 1, col: 1, message: 'file is empty; expected a mapping with the keys a and b' }]);
    }
  });

  it('refuses alias bombs instead of expanding them', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const { value, problems } = parseYamlWithPositions(lines.join('\n'), 'bomb.yaml');
    expect(value).toBeUndefined();
    expect(problems[0].message).toMatch(/alias/i);
  });
});
