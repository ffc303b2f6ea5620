import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, decideType, quotaRefusal } from './attachments.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('attachment rules', () => {
  it('a PNG sniffed from its bytes is served as image/png, whatever it is called', () => {
    expect(decideType({ mime: 'image/png', ext: 'png' }, new Uint8Array([1]), 'diagram.txt')).toEqual({ ok: true, contentType: 'image/png' });
  });
  it('an executable named .png is refused in words', () => {
    const outcome = decideType({ mime: 'application/x-msdownload', ext: 'exe' }, new Uint8Array([1]), 'diagram.png');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.message).toMatch(/a program \(exe\)/);
  });
  it('text is taken as CSV, Markdown or plain text by its name; binary junk is refused', () => {
    expect(decideType(undefined, text('a,b\n1,2\n'), 'list.csv')).toEqual({ ok: true, contentType: 'text/csv; charset=utf-8' });
    expect(decideType(undefined, text('# Plan'), 'plan.md')).toEqual({ ok: true, contentType: 'text/markdown; charset=utf-8' });
    expect(decideType(undefined, text('hello'), 'notes')).toEqual({ ok: true, contentType: 'text/plain; charset=utf-8' });
    expect(decideType(undefined, new Uint8Array([0, 1, 2, 0xff]), 'notes.txt').ok).toBe(false);
  });
  it('an old Office compound file is taken only when its name says which one', () => {
    expect(decideType({ mime: 'application/x-cfb', ext: 'cfb' }, new Uint8Array([1]), 'deck.ppt')).toEqual({ ok: true, contentType: 'application/vnd.ms-powerpoint' });
    expect(decideType({ mime: 'application/x-cfb', ext: 'cfb' }, new Uint8Array([1]), 'deck.bin').ok).toBe(false);
  });
  it('a file name keeps its last part only, without unsafe characters', () => {
    expect(cleanFileName(encodeURIComponent('../../etc/Architektur "v2".pdf'))).toEqual({ ok: true, fileName: 'Architektur v2.pdf' });
    expect(cleanFileName(undefined).ok).toBe(false);
    expect(cleanFileName('%E0%A4%A').ok).toBe(false);
  });
  it('the download names the file for old and new browsers (RFC 6266)', () => {
    expect(contentDisposition('Übersicht (final).pdf')).toBe(`attachment; filename="_bersicht (final).pdf"; filename*=UTF-8''%C3%9Cbersicht%20%28final%29.pdf`);
  });
  it('a link takes files until its count or bytes run out', () => {
    expect(quotaRefusal({ count: 1, bytes: 10 }, { count: 2, bytes: 100 }, 50)).toBeNull();
    expect(quotaRefusal({ count: 2, bytes: 10 }, { count: 2, bytes: 100 }, 1)).toMatch(/2 files/);
    expect(quotaRefusal({ count: 1, bytes: 60 }, { count: 5, bytes: 100 }, 50)).toMatch(/past 100 bytes/);
  });
});
