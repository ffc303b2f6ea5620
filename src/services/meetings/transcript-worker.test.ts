import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import type { TranscriptJob } from './transcript-draft.ts';
import { draftInWorker, transcriptsBeingRead, workerLimits } from './transcript-worker.ts';

const attendees = [{ name: 'Dana', side: 'vendor' as const }];
const job = (text: string): TranscriptJob => ({ source: { kind: 'file', text }, speakerMap: {}, attendees, context: { meetingDate: '2026-03-10', timezone: 'UTC', attendees }, llmParts: null });
const SHORT = "Dana: I'll send the SSO guide by Friday.\nSam: Thanks.\n";
const LONG = Array.from({ length: 60_000 }, (_, i) => `[${new Date(i * 4000).toISOString().slice(11, 19)}] ${i % 2 ? 'Sam' : 'Dana'}: We went through the rollout plan for the runners and the SSO setup again.`).join('\n');

describe('the transcript worker', () => {
  it('drafts a call off the main thread: cues, speakers and the local notes come back', async () => {
    const draft = await draftInWorker(job(SHORT), workerLimits({ maxBytes: 20 * 1024 * 1024, timeoutMs: 60_000 }));
    expect(draft).toMatchObject({ ok: true, format: 'plain', cueCount: 2, speakers: { matched: [{ speaker: 'Dana', attendee: 'Dana', by: 'name' }], unmatched: ['Sam'] } });
    if (draft.ok) expect(draft.localNotes.actionItems[0]).toMatchObject({ owner: 'Dana', due: '2026-03-13' });
    expect(transcriptsBeingRead()).toBe(0);
  });

  it('a broken file comes back as the line to fix, not a crash', async () => {
    expect(
      await draftInWorker(
        { ...job('WEBVTT\n\n00:00:01.000 --> 00:61:00.000\n<v Sam>Hello\n'), source: { kind: 'file', text: 'WEBVTT\n\n00:00:01.000 --> 00:61:00.000\n<v Sam>Hello\n', format: 'vtt' } },
        workerLimits({ maxBytes: 1024 * 1024, timeoutMs: 60_000 }),
      ),
    ).toMatchObject({ ok: false, line: 3 });
  });

  it('a call that needs more memory than the worker has is refused as too large, and the next call is read by a fresh worker', async () => {
    const refused = await draftInWorker(job(LONG), { timeoutMs: 120_000, maxMemoryMb: 24 }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'too_large', field: 'transcript', message: 'the transcript needs more than 24 MB of memory to read; split it into shorter files' });
    expect(await draftInWorker(job(SHORT), workerLimits({ maxBytes: 20 * 1024 * 1024, timeoutMs: 60_000 }))).toMatchObject({ ok: true, cueCount: 2 });
  });

  it('a call that takes longer than the time limit is refused as too large', async () => {
    await expect(draftInWorker(job(LONG), { timeoutMs: 5, maxMemoryMb: 512 })).rejects.toMatchObject({ code: 'too_large', message: 'the transcript could not be read within 5 ms; split it into shorter files' });
    expect(transcriptsBeingRead()).toBe(0);
  });
});
