import { describe, expect, it } from 'vitest';
import { locateInJson, parseJsonWithPositions } from '../../src/config/json-document.ts';

const TEXT = `{
  "isbn": "9781900000017",
  "title": {"text": "A \\"quoted\\" }, title", "subtitle": "x"},
  "supply": [
    {"market": "gb", "prices": [{"amount": 0}]},
    {"market": "us", "prices": [{"amount": 5, "currency": "usd"}]}
  ]
}`;

describe('locateInJson', () => {
  it('finds nested values past strings that contain brackets and escaped quotes', () => {
    expect(locateInJson(TEXT, ['isbn'])).toEqual({ line: 2, col: 11 });
    expect(locateInJson(TEXT, ['title', 'subtitle'])).toEqual({ line: 3, col: 58 });
    expect(locateInJson(TEXT, ['supply', 1, 'prices', 0, 'currency'])).toEqual({ line: 6, col: 59 });
    expect(locateInJson(TEXT, ['supply', 0, 'market'], 'key')).toEqual({ line: 5, col: 6 });
  });

  it('points at the deepest existing key when the path leaves the document', () => {
    expect(locateInJson(TEXT, ['title', 'prefix'])).toEqual({ line: 3, col: 3 });
    expect(locateInJson(TEXT, ['nothing'])).toEqual({ line: 1, col: 1 });
  });
});

describe('parseJsonWithPositions', () => {
  it('parses valid JSON', () => {
    expect(parseJsonWithPositions('{"a": [1]}', 'x.json')).toMatchObject({ value: { a: [1] }, problems: [] });
  });

  it('reports a syntax error at its line and column', () => {
    const { problems } = parseJsonWithPositions('{\n  "a": 1,\n}\n', 'x.json');
    expect(problems).toEqual([{ path: 'x.json', line: 3, col: 1, message: 'JSON: Expected double-quoted property name' }]);
  });

  it('reports an empty file', () => {
    expect(parseJsonWithPositions('  \n', 'x.json', { expected: 'the key isbn' }).problems[0].message).toBe(
      'file is empty; expected an object with the key isbn',
    );
  });
});
