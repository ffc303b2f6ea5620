/**
 * Every mail Cadence sends is laid out here, from content the domain decided on: one look, and a
 * plain-text part that says the same as the HTML. Callers never write HTML for a mail themselves.
 */
import { escapeHtml } from '../../domain/markdown.ts';

export type MailBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: { text: string; note?: string }[] }
  | { kind: 'button'; label: string; url: string }
  | { kind: 'links'; items: { url: string; label: string; summary?: string }[] };

export interface MailContent {
  /** The line mail clients show beside the subject. */
  preheader?: string;
  greeting?: string;
  blocks: MailBlock[];
  /** "Best regards, <name>" lines. */
  signature?: string[];
}

/** The HTML and text parts of a mail. */
export function renderMail(content: MailContent): { html: string; text: string } {
  const text: string[] = [];
  const html: string[] = [];
  if (content.greeting) {
    text.push(content.greeting, '');
    html.push(`<p>${escapeHtml(content.greeting)}</p>`);
  }
  for (const block of content.blocks) {
    switch (block.kind) {
      case 'heading':
        text.push(block.text.toUpperCase());
        html.push(`<h2>${escapeHtml(block.text)}</h2>`);
        break;
      case 'paragraph':
        text.push(block.text, '');
        html.push(`<p>${escapeHtml(block.text)}</p>`);
        break;
      case 'list':
        for (const item of block.items) text.push(`  - ${item.text}${item.note ? ` (${item.note})` : ''}`);
        text.push('');
        html.push(`<ul>${block.items.map((i) => `<li>${escapeHtml(i.text)}${i.note ? ` <em>(${escapeHtml(i.note)})</em>` : ''}</li>`).join('')}</ul>`);
        break;
      case 'button':
        text.push(`${block.label}: ${block.url}`, '');
        html.push(`<p><a href="${escapeHtml(block.url)}" rel="noopener noreferrer">${escapeHtml(block.label)}</a></p>`);
        break;
      case 'links':
        for (const l of block.items) text.push(`  - ${l.label}: ${l.url}${l.summary ? `\n    ${l.summary}` : ''}`);
        text.push('');
        html.push(`<ul>${block.items.map((l) => `<li><a href="${escapeHtml(l.url)}" rel="noopener noreferrer">${escapeHtml(l.url)}</a> ${escapeHtml(l.label)}${l.summary ? `: ${escapeHtml(l.summary)}` : ''}</li>`).join('')}</ul>`);
        break;
    }
  }
  if (content.signature?.length) {
    text.push('Best regards,', ...content.signature);
    html.push(`<p>Best regards,<br>${content.signature.map(escapeHtml).join('<br>')}</p>`);
  }
  return { html: html.join('\n'), text: `${text.join('\n').trimEnd()}\n` };
}
