import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectTranscriptFormat, parseTranscript } from './parse-transcript.ts';
import type { Transcript, TranscriptResult } from './transcript.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function ok(result: TranscriptResult): Transcript {
  if (!result.ok) throw new Error(result.error.message);
  return result.transcript;
}

describe('reading transcripts', () => {
  it('a Teams export names speakers from its voice tags and drops the markup', () => {
    const t = ok(parseTranscript(fixture('teams.vtt')));
    expect(t.format).toBe('vtt');
    expect(t.cues).toEqual([
      { speaker: "Dana O'Brien", text: 'Thanks for joining, everyone.', at: 1 },
      { speaker: 'Sam Patel', text: 'Happy to. Our renewal is coming up in March.', at: 5 },
      { speaker: 'Sam Patel', text: 'And the runner outage ticket is still open.', at: 9.2 },
    ]);
  });

  it('a Zoom export names speakers from "Name: text" and a cue without a name keeps the last speaker', () => {
    const t = ok(parseTranscript(fixture('zoom.vtt')));
    expect(t.cues.map((c) => [c.speaker, c.at])).toEqual([
      ["Dana O'Brien", 0],
      ['Sam Patel', 3.5],
      ['Sam Patel', 7.5],
    ]);
    expect(t.cues[1]?.text).toBe('Morning. I will send the SSO logs by Friday.');
  });

  it('an SRT file is read with its comma milliseconds', () => {
    const t = ok(parseTranscript(fixture('call.srt')));
    expect(t.format).toBe('srt');
    expect(t.cues[1]).toEqual({ speaker: 'Sam Patel', text: 'Halfway there.', at: 4.5 });
  });

  it("a Gong transcript resolves speaker ids through the call's parties and reads milliseconds", () => {
    const t = ok(parseTranscript(fixture('gong-transcript.json')));
    expect(t.format).toBe('gong');
    expect(t.cues).toEqual([
      { speaker: "Dana O'Brien", email: 'dana@vendor.example', text: "Thanks for making the time today. Let's start with the renewal.", at: 460.23 },
      { speaker: 'Sam Patel', email: 'sam.patel@acme.example', text: 'Finance wants to consolidate tools this year.', at: 466 },
    ]);
  });

  it('a Gong speaker nobody named is shown by id, and a name given by the caller wins', () => {
    const json = JSON.stringify({
      callTranscripts: [
        {
          callId: '1',
          transcript: [
            { speakerId: '42', sentences: [{ start: 0, end: 900, text: 'Hi.' }] },
            { speakerId: '43', sentences: [{ start: 1000, end: 2000, text: 'Hello.' }] },
          ],
        },
      ],
    });
    const t = ok(parseTranscript(json, { gong: { speakers: { '43': { name: 'Lee Wong' } } } }));
    expect(t.cues.map((c) => c.speaker)).toEqual(['Speaker 42', 'Lee Wong']);
  });

  it('plain notes read with and without bracketed times, wrapped lines joining the speaker before', () => {
    const t = ok(parseTranscript('[00:12:03] Dana: Where are we on SSO?\n[00:12:10] Sam: Blocked on Okta.\nStill waiting for the admin.\n'));
    expect(t.cues).toEqual([
      { speaker: 'Dana', text: 'Where are we on SSO?', at: 723 },
      { speaker: 'Sam', text: 'Blocked on Okta. Still waiting for the admin.', at: 730 },
    ]);
    const untimed = ok(parseTranscript('Dana: Hello\nSam: Hi there'));
    expect(untimed.cues.map((c) => c.at)).toEqual([null, null]);
  });

  it('a broken time names the line it is on', () => {
    const r = parseTranscript(fixture('broken.vtt'));
    expect(r).toMatchObject({ ok: false, error: { kind: 'bad_timestamp', line: 16, value: '00:61:00.000' } });
    if (!r.ok) expect(r.error.message).toBe("line 16: timestamp '00:61:00.000' is not a time");
    const plain = parseTranscript('[00:00:01] A: hi\n\n[00:61:00] B: no');
    expect(plain.ok ? null : plain.error.message).toBe("line 3: timestamp '00:61:00' is not a time");
  });

  it('broken JSON names the line where it stops making sense', () => {
    const r = parseTranscript('{\n  "callTranscripts": [\n    { "callId": 1, }\n  ]\n}');
    expect(r.ok ? null : r.error).toMatchObject({ kind: 'bad_json', line: 3 });
  });

  it('a file that is neither speech nor a known format says what it expected', () => {
    const r = parseTranscript('just some words with no speaker at all');
    expect(r.ok ? null : r.error.message).toMatch(/^line 1: expected "Speaker: text"/);
    expect(parseTranscript('   \n')).toMatchObject({ ok: false, error: { kind: 'empty' } });
  });

  it('formats are recognised from the first lines', () => {
    expect(detectTranscriptFormat('\uFEFFWEBVTT\n\n')).toBe('vtt');
    expect(detectTranscriptFormat('1\n00:00:01,000 --> 00:00:02,000\nhi')).toBe('srt');
    expect(detectTranscriptFormat('{"callTranscripts": []}')).toBe('gong');
    expect(detectTranscriptFormat('[00:00:01] A: hi')).toBe('plain');
  });

  // Its speed is measured by bench/notes-extract.bench.ts; here, that a call this long is read whole.
  it('a long call (about 40 MB of plain lines) is read whole, every line a cue', () => {
    const line = '[01:02:03] Dana O Brien: we will look at the runner fleet and the renewal numbers next week, and more words here.\n';
    const text = line.repeat(Math.floor((40 * 1024 * 1024) / line.length));
    const t = ok(parseTranscript(text));
    expect(t.cues.length).toBe(Math.floor((40 * 1024 * 1024) / line.length));
  });
});
