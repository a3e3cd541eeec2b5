import { describe, expect, it } from 'vitest';
import type { MarkupToken, OnixNode } from '../../src/import/onix-node.ts';
import { plainText, richText } from '../../src/import/text-content.ts';

function node(attributes: Record<string, string>, text: string, markup?: MarkupToken[]): OnixNode {
  return { name: 'Text', attributes, children: [], text, markup, line: 1, used: false };
}
const open = (name: string, hasAttributes = false, selfClosing = false): MarkupToken => ({ kind: 'open', name, hasAttributes, selfClosing });
const close = (name: string): MarkupToken => ({ kind: 'close', name });
const text = (t: string): MarkupToken => ({ kind: 'text', text: t });

describe('richText', () => {
  it('keeps XHTML of the subset as it is, escaping text again', () => {
    const xhtml = node({ textformat: '05' }, '', [open('p'), text('Fish & chips < 5'), open('br', false, true), open('em'), text('now'), close('em'), close('p')]);
    expect(richText(xhtml)).toEqual({ text: '<p>Fish &amp; chips &lt; 5<br/><em>now</em></p>', lossy: false });
  });

  it('takes out elements and attributes outside the subset, keeping their text, and says so', () => {
    const xhtml = node({ textformat: '05' }, '', [open('div'), open('h3'), text('Praise'), close('h3'), open('p', true), text('See '), open('a', true), text('the site'), close('a'), close('p'), close('div')]);
    expect(richText(xhtml)).toEqual({ text: 'Praise<p>See the site</p>', lossy: true });
  });

  it('falls back to plain text when the cleaned markup is still not valid', () => {
    const xhtml = node({ textformat: '05' }, '', [open('ul'), text('loose text'), open('li'), text('item'), close('li'), close('ul')]);
    expect(richText(xhtml)).toEqual({ text: 'loose text item', lossy: true });
  });

  it('reads HTML (textformat 02) as XHTML when it is valid, else as plain text', () => {
    expect(richText(node({ textformat: '02' }, '<p>Short <b>HTML</b></p>'))).toEqual({ text: '<p>Short <b>HTML</b></p>', lossy: false });
    expect(richText(node({ textformat: '02' }, '<p>One<br>two &amp; three&nbsp;</p>'))).toEqual({ text: 'One two &amp; three', lossy: true });
  });

  it('escapes plain text (textformat 06 or none)', () => {
    expect(richText(node({ textformat: '06' }, ' A < B & C '))).toEqual({ text: 'A &lt; B &amp; C', lossy: false });
  });
});

describe('plainText', () => {
  it('drops markup from short descriptions and says so', () => {
    expect(plainText(node({ textformat: '05' }, '', [open('p'), text('Short'), close('p'), open('p'), text('text'), close('p')]))).toEqual({ text: 'Short text', lossy: true });
    expect(plainText(node({ textformat: '02' }, '<p>Short <b>HTML</b> blurb.</p>'))).toEqual({ text: 'Short HTML blurb.', lossy: true });
    expect(plainText(node({}, 'Just text.'))).toEqual({ text: 'Just text.', lossy: false });
  });
});
