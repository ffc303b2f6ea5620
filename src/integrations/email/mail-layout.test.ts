import { describe, expect, it } from 'vitest';
import { renderMail } from './mail-layout.ts';

const content = {
  preheader: 'Agenda for Tuesday',
  brand: 'Acme',
  greeting: 'Hello Hana,',
  blocks: [
    { kind: 'paragraph' as const, text: 'Here is the agenda <b>for</b> our call.' },
    { kind: 'button' as const, label: 'Read the agenda', url: 'https://cadence.test/share/abc' },
    { kind: 'heading' as const, text: 'Your topics' },
    { kind: 'list' as const, items: [{ text: 'Budget & roll-out', note: 'added by you' }] },
    { kind: 'links' as const, items: [{ url: 'https://docs.example/sso', label: 'SSO guide', summary: 'How to set up SAML' }] },
  ],
  signature: ['Sam Okafor'],
  footer: 'You receive this because you are invited.',
};

describe('the mail layout', () => {
  it('lays the content into the responsive MJML layout, every slot filled', () => {
    const { html } = renderMail(content);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('@media only screen and (max-width: 480px)');
    expect(html).not.toMatch(/%%[A-Z]+%%/);
    expect(html).toContain('Acme');
    expect(html).toContain('<a href="https://cadence.test/share/abc" rel="noopener noreferrer"');
  });

  it('says the same in the plain-text part as in the HTML', () => {
    const { html, text } = renderMail(content);
    const words = ['Hello Hana,', 'Here is the agenda', 'Read the agenda', 'Budget', 'added by you', 'SSO guide', 'https://docs.example/sso', 'How to set up SAML', 'Best regards,', 'Sam Okafor', 'You receive this because you are invited.'];
    for (const w of words) {
      expect(text, w).toContain(w);
      expect(html, w).toContain(w.replace('&', '&amp;'));
    }
    expect(text).toContain('YOUR TOPICS');
    expect(text).toContain('Read the agenda: https://cadence.test/share/abc');
  });

  it('escapes what people typed and never links anything but web and mail addresses', () => {
    const { html, text } = renderMail({
      blocks: [
        { kind: 'paragraph', text: '<script>alert(1)</script> %%BODY%%' },
        { kind: 'button', label: 'Click', url: 'javascript:alert(1)' },
      ],
    });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; %%BODY%%');
    expect(html).not.toContain('javascript:');
    expect(text).not.toContain('javascript:');
  });
});
