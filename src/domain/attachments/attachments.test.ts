import { describe, expect, it } from 'vitest';
import { customerAttachments } from '../agenda/customer-view.ts';
import type { Agenda, AgendaItem } from '../meeting/meeting.ts';
import { cleanFileName, contentDisposition, decideType, quotaRefusal, type Attachment } from './attachments.ts';

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
  it('the share page lists only files marked for the customer, of this account, and not those on an internal agenda item', () => {
    const item = (id: string, visibility: 'shared' | 'internal'): AgendaItem => ({ id, section: 'suggested_topics', text: 't', source: null, addedBy: 'csm', visibility, prepNote: null, discussed: false, notes: '', carriedOverFrom: null });
    const agenda: Agenda = { meetingId: 'm1', items: [item('shared-item', 'shared'), item('internal-item', 'internal')] };
    const file = (over: Partial<Attachment>): Attachment => ({
      id: 'f',
      accountId: 'a1',
      meetingId: 'm1',
      agendaItemId: null,
      fileName: 'x.pdf',
      contentType: 'application/pdf',
      sizeBytes: 1,
      sha256: 'h',
      forCustomer: true,
      fromCustomer: false,
      uploadedBy: { id: 'u1', name: 'INTERNAL-UPLOADER' },
      createdAt: '2026-12-01T00:00:00Z',
      ...over,
    });
    const shown = customerAttachments({ accountId: 'a1' }, agenda, [
      file({ id: 'plain' }),
      file({ id: 'internal', forCustomer: false }),
      file({ id: 'other-account', accountId: 'a2' }),
      file({ id: 'on-shared-item', agendaItemId: 'shared-item' }),
      file({ id: 'on-internal-item', agendaItemId: 'internal-item' }),
    ]);
    expect(shown.map((a) => a.id)).toEqual(['plain', 'on-shared-item']);
    expect(JSON.stringify(shown)).not.toContain('INTERNAL-UPLOADER');
  });
});
