import { describe, expect, it } from 'vitest';
import { customerAddresses, dropReason, forwardedPart, internalParty, mailExcerpt, oneLine, parseAddressList, stripForwardPrefix, type CapturedMessage } from './captured-mail.ts';

const mail = (fields: Partial<CapturedMessage> = {}): CapturedMessage => ({
  messageId: '<m1@acme.test>',
  subject: 'Runner rollout',
  sentAt: '2026-11-18T10:00:00.000Z',
  from: [{ address: 'wile@acme.test', name: 'Wile' }],
  to: [{ address: 'sam@vendor.example', name: 'Sam' }],
  cc: [],
  headers: {},
  contentType: 'multipart/alternative',
  text: 'Hello',
  html: null,
  attachments: [],
  ...fields,
});

describe('which captured mail is dropped', () => {
  it('a person’s mail is kept', () => {
    expect(dropReason(mail(), 'wile@acme.test')).toBeNull();
    expect(dropReason(mail({ headers: { 'auto-submitted': 'no' } }), 'wile@acme.test')).toBeNull();
    expect(dropReason(mail({ subject: 'Re: our office move' }), 'wile@acme.test')).toBeNull();
  });
  it('auto-replies: Auto-Submitted, X-Autoreply, Precedence bulk or auto_reply, an "Out of office" subject', () => {
    expect(dropReason(mail({ headers: { 'auto-submitted': 'auto-replied' } }), 'wile@acme.test')).toBe('auto_reply');
    expect(dropReason(mail({ headers: { 'x-autoreply': 'yes' } }), 'wile@acme.test')).toBe('auto_reply');
    expect(dropReason(mail({ headers: { precedence: 'bulk' } }), 'wile@acme.test')).toBe('auto_reply');
    expect(dropReason(mail({ headers: { precedence: 'auto_reply' } }), 'wile@acme.test')).toBe('auto_reply');
    expect(dropReason(mail({ subject: 'Out of Office: Runner rollout' }), 'wile@acme.test')).toBe('auto_reply');
    expect(dropReason(mail({ subject: 'Automatic reply: Runner rollout' }), 'wile@acme.test')).toBe('auto_reply');
  });
  it('bounces: a multipart/report, MAILER-DAEMON, the null envelope sender', () => {
    expect(dropReason(mail({ contentType: 'multipart/report' }), 'x@acme.test')).toBe('bounce');
    expect(dropReason(mail({ from: [{ address: 'mailer-daemon@mx.acme.test', name: '' }] }), 'x@acme.test')).toBe('bounce');
    expect(dropReason(mail(), '')).toBe('bounce');
    expect(dropReason(mail({ subject: 'Undeliverable: Runner rollout' }), 'x@acme.test')).toBe('bounce');
  });
});

describe('whose addresses are the customer’s', () => {
  const internal = internalParty(['sam@vendor.example', 'pat@gmail.com'], ['log@cadence.vendor.example', null]);
  it('colleagues, their company domain and our own mailboxes are us; a public mail domain is not ours because one colleague uses it', () => {
    const people = [
      { address: 'sam@vendor.example', name: '' },
      { address: 'lee@vendor.example', name: '' },
      { address: 'log@cadence.vendor.example', name: '' },
      { address: 'pat@gmail.com', name: '' },
      { address: 'wile@acme.test', name: 'Wile' },
      { address: 'friend@gmail.com', name: '' },
      { address: 'wile@acme.test', name: 'Wile again' },
    ];
    expect(customerAddresses(people, internal).map((a) => a.address)).toEqual(['wile@acme.test', 'friend@gmail.com']);
  });
});

describe('what a forward says', () => {
  it('reads Gmail’s forwarded-message block, with Cc', () => {
    const text = 'FYI\n\n---------- Forwarded message ---------\nFrom: Hank Scorpio <hank@globex.test>\nDate: Wed, Nov 18, 2026 at 4:02 PM\nSubject: Re: Renewal\nTo: Sam <sam@vendor.example>\nCc: mindy@globex.test\n\nSigned.';
    expect(forwardedPart(text)).toEqual({
      subject: 'Re: Renewal',
      from: [{ address: 'hank@globex.test', name: 'Hank Scorpio' }],
      recipients: [
        { address: 'sam@vendor.example', name: 'Sam' },
        { address: 'mindy@globex.test', name: '' },
      ],
      body: '\nSigned.',
    });
  });
  it('reads Outlook’s From/Sent/To block (bold markers included) and every message of a forwarded thread', () => {
    const text = [
      '**From:** Hank Scorpio <hank@globex.test>',
      '**Sent:** Wednesday, November 18, 2026 4:02 PM',
      '**To:** Sam <sam@vendor.example>',
      '**Subject:** RE: Renewal',
      '',
      'Signed.',
      '',
      '> From: Mindy <mindy@globex.test>',
      '> Sent: Tuesday, November 17, 2026 9:00 AM',
      '> To: hank@globex.test',
      '> Subject: Renewal',
    ].join('\n');
    const part = forwardedPart(text)!;
    expect(part.subject).toBe('RE: Renewal');
    expect(part.from.map((a) => a.address)).toEqual(['hank@globex.test', 'mindy@globex.test']);
    expect(part.recipients.map((a) => a.address)).toEqual(['sam@vendor.example', 'hank@globex.test']);
  });
  it('reads Apple Mail’s "Begin forwarded message" block', () => {
    const text = 'Begin forwarded message:\n\nFrom: "Road Runner" <road@acme.test>\nSubject: Fwd: Beep beep\nDate: 18 November 2026 at 16:02:00 GMT\nTo: wile@acme.test\n\nMeep.';
    expect(forwardedPart(text)).toMatchObject({ subject: 'Beep beep', from: [{ address: 'road@acme.test', name: 'Road Runner' }] });
  });
  it('a mail with no header block is no forward; a lone "From:" line in prose is not one either', () => {
    expect(forwardedPart('Hello,\nFrom: the team\nThanks')).toBeNull();
    expect(forwardedPart('Just text')).toBeNull();
  });
  it('subjects lose their forward prefixes, and address lists keep names', () => {
    expect(stripForwardPrefix('Fwd: FW: Re: Renewal')).toBe('Re: Renewal');
    expect(parseAddressList('"Coyote, Wile" <Wile@Acme.test>, road@acme.test; <x@y.test>')).toEqual([
      { address: 'wile@acme.test', name: 'Coyote, Wile' },
      { address: 'road@acme.test', name: '' },
      { address: 'x@y.test', name: '' },
    ]);
  });
});

describe('the excerpt the timeline shows', () => {
  it('is the first ~300 characters on one line, cut at a word, quoted lines and invisible characters left out', () => {
    const text = `Hi Sam,\n\n${'word '.repeat(100)}\n> quoted reply`;
    const excerpt = mailExcerpt(text);
    expect(excerpt.length).toBeLessThanOrEqual(301);
    expect(excerpt.startsWith('Hi Sam, word word')).toBe(true);
    expect(excerpt.endsWith('word…')).toBe(true);
    expect(mailExcerpt('Short \u202eevil\u202c one\n> quoted')).toBe('Short evil one');
  });
  it('header values become one line without control characters', () => {
    expect(oneLine('Renewal\r\nBcc: evil@x.test\u0000')).toBe('Renewal Bcc: evil@x.test');
  });
});
