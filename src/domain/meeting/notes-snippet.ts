/** A window of the text around the first matched word, matches marked «like this». */
export function snippetOf(content: string, terms: string[], width = 160): string {
  const text = content.replace(/\s+/g, ' ').trim();
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})[\\p{L}\\p{N}]*`, 'giu');
  const first = pattern.exec(text);
  pattern.lastIndex = 0;
  const start = first ? Math.max(0, first.index - Math.floor(width / 3)) : 0;
  const window = text.slice(start, start + width);
  return `${start > 0 ? '…' : ''}${window.replace(pattern, (m) => `«${m}»`)}${start + width < text.length ? '…' : ''}`;
}
