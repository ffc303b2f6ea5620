/**
 * Markdown as people type it in notes and agendas, turned into HTML that is safe to show in the
 * app and to email: no scripts, no event handlers, no javascript: or data: links, and every
 * link opens without handing the opener to the target.
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// A private instance, so no other module's marked.use() can change how notes render.
const marked = new Marked({ gfm: true, breaks: true, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input'],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
    input: ['type', 'checked', 'disabled'],
    code: ['class'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer', ...(attribs.target ? { target: '_blank' } : {}) },
    }),
  },
};

/** Markdown to sanitised HTML. */
export function markdownToSafeHtml(markdown: string): string {
  const raw = marked.parse(markdown) as string;
  return sanitizeHtml(raw, SANITIZE);
}

/** Any HTML cleaned with the same rules (for HTML assembled from several pieces). */
export function sanitizeFragment(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Text for an HTML text node or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * Text placed in Markdown as literal words. Escapes what would make markup (HTML, links,
 * emphasis, code, headings, lists) but leaves bare URLs alone so they still autolink.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*[\]<>|~])/g, '\\$1')
    .replace(/(^|\s)_/g, '$1\\_')
    .replace(/_(\s|$)/g, '\\_$1')
    .replace(/^(\s*)([#+\-!])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}
