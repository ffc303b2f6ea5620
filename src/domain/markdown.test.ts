import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownToSafeHtml } from './markdown.ts';

describe('markdownToSafeHtml', () => {
  it('renders the Markdown CSMs take notes in: headings, lists, task boxes, code, tables', () => {
    const html = markdownToSafeHtml('## Runners\n\n- [x] sized\n- **bold** and _em_\n\n```sh\nls\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<h2>Runners</h2>');
    expect(html).toContain('<input checked disabled type="checkbox" />');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code class="language-sh">');
    expect(html).toContain('<td>1</td>');
  });

  it('gives every link rel="noopener noreferrer"', () => {
    const html = markdownToSafeHtml('[docs](https://docs.vendor.test/runners) and https://status.vendor.test');
    expect(html.match(/<a /g)).toHaveLength(2);
    expect(html.match(/rel="noopener noreferrer"/g)).toHaveLength(2);
    expect(html).toContain('href="https://docs.vendor.test/runners"');
  });

  const vectors: [string, string][] = [
    ['a script tag', '<script>alert(1)</script>'],
    ['an image with onerror', '<img src=x onerror="alert(1)">'],
    ['an svg with onload', '<svg onload=alert(1)><circle/></svg>'],
    ['a javascript: link in Markdown', '[click](javascript:alert(1))'],
    ['a mixed-case javascript: href', '<a href="JaVaScRiPt:alert(1)">x</a>'],
    ['an entity-encoded javascript: href', '<a href="&#106;avascript:alert(1)">x</a>'],
    ['a tab inside javascript:', '[x](java\tscript:alert(1))'],
    ['a data: URL', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['a vbscript: URL', '<a href="vbscript:msgbox(1)">x</a>'],
    ['an iframe', '<iframe src="https://evil.test"></iframe>'],
    ['an onclick on an allowed tag', '<a href="https://ok.test" onclick="alert(1)">x</a>'],
    ['a style tag', '<style>body{background:url(javascript:alert(1))}</style>'],
    ['an inline style', '<p style="background:url(javascript:alert(1))">x</p>'],
    ['a form', '<form action="https://evil.test"><input type="text" name="q"></form>'],
    ['a protocol-relative link', '[x](//evil.test/phish)'],
    ['an object tag', '<object data="javascript:alert(1)"></object>'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ];
  it.each(vectors)('neutralises %s', (_name, input) => {
    const html = markdownToSafeHtml(input).toLowerCase();
    expect(html).not.toMatch(/<script|<iframe|<svg|<style|<object|<form|<meta|<img/);
    expect(html).not.toMatch(/\son\w+=/);
    expect(html).not.toMatch(/javascript:|vbscript:|data:|href="\/\//);
    expect(html).not.toContain('style=');
  });

  it('keeps the words of a stripped tag visible rather than losing the note', () => {
    expect(markdownToSafeHtml('<marquee>Renewal is at risk</marquee>')).toContain('Renewal is at risk');
  });
});

describe('escapeMarkdown', () => {
  it('makes typed text read literally instead of becoming a link, tag or heading', () => {
    for (const text of ['[x](javascript:alert(1))', '<img src=x onerror=alert(1)>', '# not a heading', '*not bold*', '1. not a list']) {
      const html = markdownToSafeHtml(escapeMarkdown(text));
      expect(html).not.toMatch(/<(a|img|h1|em|ol|li)\b/);
    }
    expect(markdownToSafeHtml(escapeMarkdown('<b>hi</b>'))).toContain('&lt;b&gt;hi&lt;/b&gt;');
  });

  it('leaves bare URLs clickable, underscores and all', () => {
    expect(markdownToSafeHtml(escapeMarkdown('See https://docs.test/a_b_c for sizing'))).toContain('href="https://docs.test/a_b_c"');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
