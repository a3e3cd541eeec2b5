import { CORE_SCHEMA, load as loadJsYaml } from 'js-yaml';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toYaml, yamlString } from '../../src/import/yaml-text.ts';

const TRICKY = [
  '9781917620017', '2025-04-10', '0000000121032683', '1DDU-GB-EC', '4', '1.5', '.5', '-3', '+3', '1e3', '0x1F', '0o17',
  'yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'False', 'null', 'Null', '~', '', ' leading', 'trailing ', '<<', '=',
  '.inf', '.NaN', 'a: b', 'a #b', 'ends:', '- dash', '? q', '[x]', '{x}', '#hash', '&anchor', '*alias', '!tag', '|pipe',
  '>fold', "it's", '"quoted"', '%directive', '@at', '`tick`', 'tab\there', 'line\nbreak', 'nel\u0085x', 'ls\u2028x',
  'bom\ufeffx', 'ctrl\u0007x', '<p>Cornwall, 1871: a <em>fisherman</em>\'s daughter</p>', 'Ünïcödé – “quotes” 日本語',
  'https://media.example/covers/9781917620017.jpg', 'A01', 'BB', 'eng', 'rrp-excluding-tax',
];

describe('YAML text', () => {
  it.each(TRICKY)('%j reads back as the same string with js-yaml (core schema) and with eemeli/yaml', (text) => {
    const yaml = toYaml({ value: text, list: [text] });
    expect(loadJsYaml(yaml, { schema: CORE_SCHEMA })).toEqual({ value: text, list: [text] });
    expect(parseYaml(yaml)).toEqual({ value: text, list: [text] });
    // YAML 1.1 readers (older editors and tools) see the same string too.
    expect(parseYaml(yaml, { version: '1.1' })).toEqual({ value: text, list: [text] });
  });

  it('leaves plain what needs no quotes and quotes what would change type', () => {
    expect(yamlString('Salt Road')).toBe('Salt Road');
    expect(yamlString('FIC019000')).toBe('FIC019000');
    expect(yamlString('9781917620017')).toBe("'9781917620017'");
    expect(yamlString('no')).toBe("'no'");
    expect(yamlString("fisherman's: daughter")).toBe("'fisherman''s: daughter'");
    expect(yamlString('a\nb')).toBe('"a\\nb"');
  });

  it('writes nested lists and mappings in block style, in the given key order', () => {
    const text = toYaml({ isbn: '9781917620017', contributors: [{ roles: ['A01'], name: 'Eleanor Penhallow' }], pages: 384, measures: { height: { value: 234, unit: 'mm' } } });
    expect(text).toBe(
      [
        "isbn: '9781917620017'",
        'contributors:',
        '  - roles:',
        '      - A01',
        '    name: Eleanor Penhallow',
        'pages: 384',
        'measures:',
        '  height:',
        '    value: 234',
        '    unit: mm',
        '',
      ].join('\n'),
    );
  });
});
