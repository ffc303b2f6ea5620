/**
 * Markdown as people type it in notes and agendas, turned into HTML that is safe to show in the
 * app and to email: no scripts, no event handlers, no javascript: or data: links, and every
 * link opens without handing the opener to the target.
 */
import { createRequire } from 'node:module';
import { Marked } from 'marked';
import type sanitizeHtmlFn from 'sanitize-html';

// sanitize-html (and the HTML parser and PostCSS under it) is loaded on the first render, not at
// import: every server start imports this file, and loading it was a tenth of the start (issue #16).
// It is CommonJS, so require keeps rendering synchronous.
const require = createRequire(import.meta.url);
let sanitizer: typeof sanitizeHtmlFn | undefined;
const sanitizeHtml = (html: string, options: sanitizeHtmlFn.IOptions): string => (sanitizer ??= require('sanitize-html') as typeof sanitizeHtmlFn)(html, options);

// A private instance, so no other module's marked.use() can change how notes render.
const marked = new Marked({ gfm: true, breaks: true, async: false });

const SANITIZE: sanitizeHtmlFn.IOptions = {
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
