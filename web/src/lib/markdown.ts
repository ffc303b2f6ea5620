/**
 * Markdown notes rendered for the preview with the same rules as the server
 * (src/domain/markdown.ts): raw HTML is shown as text, then an allow-list walk over the parsed
 * fragment keeps only harmless tags and attributes and only http(s)/mailto links.
 */
import { Marked } from 'marked';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// A private instance: raw HTML typed in notes is escaped rather than passed through.
const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

const ALLOWED: Record<string, string[]> = {
  p: [],
  br: [],
  hr: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  strong: [],
  b: [],
  em: [],
  i: [],
  del: [],
  s: [],
  code: ['class'],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ['start'],
  li: [],
  a: ['href', 'title'],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ['align'],
  td: ['align'],
  input: ['type', 'checked', 'disabled'],
};
const SAFE_HREF = /^(https?:|mailto:)/i;

function clean(node: Node, doc: Document): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) continue;
    if (child.nodeType !== Node.ELEMENT_NODE) {
      child.remove();
      continue;
    }
    const el = child as Element;
    const tag = el.tagName.toLowerCase();
    const allowed = ALLOWED[tag];
    if (!allowed || (tag === 'input' && el.getAttribute('type') !== 'checkbox')) {
      // Unknown elements go with their content: a <script> or <style> body is not text to show.
      el.remove();
      continue;
    }
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (!allowed.includes(name)) el.removeAttribute(attr.name);
      else if (name === 'class' && !/^language-[\w-]+$/.test(attr.value)) el.removeAttribute(attr.name);
    }
    if (tag === 'a') {
      const href = (el.getAttribute('href') ?? '').trim();
      if (!SAFE_HREF.test(href)) el.removeAttribute('href');
      el.setAttribute('rel', 'noopener noreferrer');
      el.setAttribute('target', '_blank');
    }
    if (tag === 'input') el.setAttribute('disabled', '');
    clean(el, doc);
  }
}

/** Markdown to HTML that is safe to put in the page. */
export function markdownToSafeHtml(markdown: string): string {
  const raw = marked.parse(markdown) as string;
  // DOMParser builds an inert document: nothing in it loads or runs while we walk it.
  const doc = new DOMParser().parseFromString(`<body>${raw}</body>`, 'text/html');
  clean(doc.body, doc);
  return doc.body.innerHTML;
}
