import { describe, expect, it } from 'vitest';
import { xhtmlProblem } from '../../src/catalog/xhtml.ts';

describe('xhtmlProblem', () => {
  it('accepts plain text and the allowed subset', () => {
    expect(xhtmlProblem('Just text, with 3 > 2.')).toBeUndefined();
    expect(xhtmlProblem('<p>One <em>two</em> <strong>three</strong> <b>b</b> <i>i</i><br/>four &amp; &lt;3 &#233; &#x263A;</p><ol><li>a</li><li><p>b</p></li></ol>')).toBeUndefined();
    expect(xhtmlProblem('<ul>\n  <li>a</li>\n</ul>')).toBeUndefined();
  });

  it.each([
    ['<p>Salt & pepper</p>', "unescaped '&' at character 9: write &amp; for an ampersand"],
    ['Less than <3', "unescaped '<' at character 11: write &lt; for a less-than sign"],
    ['<p>caf&eacute;</p>', 'unknown entity &eacute; at character 7: XML knows only &amp; &lt; &gt; &quot; &apos;; write the character itself or &#233;'],
    ['<p>one<p>two</p></p>', '<p> at character 7 cannot be inside <p>: close <p> first'],
    ['<p>one <em>two</p>', '</p> at character 15 closes <em>: write </em> first'],
    ['<p>one', '<p> is not closed: add </p>'],
    ['one</p>', '</p> at character 4 has no opening <p>'],
    ['<div>x</div>', '<div> at character 1 is not allowed: use only lower-case p, br, em, strong, b, i, ul, ol, li'],
    ['<P>x</P>', '<P> at character 1 is not allowed: use only lower-case p, br, em, strong, b, i, ul, ol, li'],
    ['<p class="lead">x</p>', `<p> at character 1 has attributes ('class="lead"'): remove them, attributes are not allowed`],
    ['<li>x</li>', '<li> at character 1 must be inside <ul> or <ol>'],
    ['<ul>x</ul>', 'text directly inside <ul> at character 5: put it in an <li>'],
    ['<ul><p>x</p></ul>', '<p> at character 5 inside <ul>: a list holds only <li> items'],
    ['a<br>b', '<br> at character 2 must be written <br/> in XHTML'],
    ['<em>x<p>y</p></em>', '<p> at character 6 cannot be inside <em>: close <em> first'],
    ['<!-- note --><p>x</p>', 'comment at character 1: comments are not allowed in descriptions; remove it'],
  ])('explains %j', (text, message) => {
    expect(xhtmlProblem(text)).toBe(message);
  });
});
