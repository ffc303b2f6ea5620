/**
 * Every mail Cadence sends is laid out here, from content the domain decided on: one look, and a
 * plain-text part that says the same as the HTML. Callers never write HTML for a mail themselves.
 *
 * The look is an MJML layout (mail-template.mjml: responsive, table-based, readable in Outlook and
 * on phones), compiled once by scripts/compile-mail-template.mjs; loading MJML takes about 0.8 s, so
 * a mail only fills the compiled layout's slots with escaped, inline-styled blocks.
 */
import { escapeHtml } from '../../domain/markdown.ts';
import type { MailBlock, MailContent } from '../../domain/mail-content.ts';
import { MAIL_TEMPLATE } from './mail-template.compiled.ts';

export type { MailBlock, MailContent } from '../../domain/mail-content.ts';

const COLOURS = { text: '#1f2933', muted: '#6b7280', heading: '#111827', accent: '#0f766e', rule: '#e5e7eb' } as const;

/** Only web and mail links become links; anything else (javascript:, data:) is shown as text. */
const isSafeUrl = (url: string) => /^(https?:\/\/|mailto:)/i.test(url);

/** Line breaks in a paragraph stay line breaks in the HTML part. */
const escapeLines = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

function link(url: string, label: string, style = ''): string {
  return isSafeUrl(url) ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer" style="color:${COLOURS.accent};${style}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

function blockHtml(block: MailBlock, first: boolean): string {
  switch (block.kind) {
    case 'heading':
      return `<h2 style="margin:${first ? 0 : 24}px 0 8px;padding-bottom:6px;border-bottom:1px solid ${COLOURS.rule};font-size:16px;line-height:1.35;font-weight:600;color:${COLOURS.heading};">${escapeHtml(block.text)}</h2>`;
    case 'paragraph':
      return `<p style="margin:0 0 14px;">${escapeLines(block.text)}</p>`;
    case 'list':
      return `<ul style="margin:0 0 16px;padding-left:20px;">${block.items.map((i) => `<li style="margin:0 0 6px;">${escapeHtml(i.text)}${i.note ? ` <span style="color:${COLOURS.muted};">(${escapeHtml(i.note)})</span>` : ''}</li>`).join('')}</ul>`;
    case 'button':
      if (!isSafeUrl(block.url)) return `<p style="margin:0 0 14px;">${escapeHtml(block.label)}</p>`;
      // A "bulletproof" button: a table cell with a background, since Outlook ignores padding on links.
      return `<table role="presentation" border="0" cellpadding="0" cellspacing="0" style="margin:6px 0 22px;border-collapse:separate;"><tr><td style="border-radius:6px;background:${COLOURS.accent};">${link(block.url, block.label, 'display:inline-block;padding:11px 20px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:6px;')}</td></tr></table>`;
    case 'links':
      return `<ul style="margin:0 0 16px;padding-left:20px;">${block.items
        .map((l) => `<li style="margin:0 0 8px;"><strong>${escapeHtml(l.label)}</strong><br>${link(l.url, l.url, 'word-break:break-all;')}${l.summary ? `<br><span style="color:${COLOURS.muted};">${escapeHtml(l.summary)}</span>` : ''}</li>`)
        .join('')}</ul>`;
  }
}

function blockText(block: MailBlock, first: boolean): string[] {
  switch (block.kind) {
    case 'heading':
      return [...(first ? [] : ['']), block.text.toUpperCase()];
    case 'paragraph':
      return [block.text, ''];
    case 'list':
      return [...block.items.map((i) => `  - ${i.text}${i.note ? ` (${i.note})` : ''}`), ''];
    case 'button':
      return [isSafeUrl(block.url) ? `${block.label}: ${block.url}` : block.label, ''];
    case 'links':
      return [...block.items.map((l) => `  - ${l.label}: ${l.url}${l.summary ? `\n    ${l.summary}` : ''}`), ''];
  }
}

/** The HTML and text parts of a mail. */
export function renderMail(content: MailContent): { html: string; text: string } {
  const text: string[] = [];
  const body: string[] = [];
  if (content.greeting) {
    text.push(content.greeting, '');
    body.push(`<p style="margin:0 0 14px;">${escapeHtml(content.greeting)}</p>`);
  }
  content.blocks.forEach((block, i) => {
    const first = i === 0 && !content.greeting;
    text.push(...blockText(block, first));
    body.push(blockHtml(block, first));
  });
  if (content.signature?.length) {
    if (text[text.length - 1] !== '') text.push('');
    text.push('Best regards,', ...content.signature);
    body.push(`<p style="margin:22px 0 0;">Best regards,<br>${content.signature.map(escapeHtml).join('<br>')}</p>`);
  }
  if (content.footer) text.push('', '--', content.footer);
  const slots: Record<string, string> = {
    '%%TITLE%%': escapeHtml(content.preheader ?? content.brand ?? ''),
    '%%PREHEADER%%': escapeHtml(content.preheader ?? ''),
    '%%BRAND%%': escapeHtml(content.brand ?? ''),
    '%%BODY%%': body.join('\n'),
    '%%FOOTER%%': content.footer ? escapeLines(content.footer) : '',
  };
  // One pass over the template, so a slot's content that happens to contain "%%BODY%%" stays text.
  const html = MAIL_TEMPLATE.replace(/%%(TITLE|PREHEADER|BRAND|BODY|FOOTER)%%/g, (slot) => slots[slot] ?? '');
  return { html, text: `${text.join('\n').trimEnd()}\n` };
}
