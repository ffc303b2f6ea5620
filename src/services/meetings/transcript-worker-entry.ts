import { parentPort } from 'node:worker_threads';
import { draftFromTranscript, speakersOfCues, type SpeakersJob, type TranscriptJob } from './transcript-draft.ts';

/**
 * The transcript worker thread: reads one job at a time from the server and answers it. Started
 * by transcript-worker.ts, never imported by the server itself.
 */
export type WorkerRequest = { id: number; task: 'draft'; input: TranscriptJob } | { id: number; task: 'speakers'; input: SpeakersJob };
export type WorkerAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

parentPort?.on('message', (request: WorkerRequest) => {
  let answer: WorkerAnswer;
  try {
    answer = { id: request.id, ok: true, value: request.task === 'draft' ? draftFromTranscript(request.input) : speakersOfCues(request.input) };
  } catch (err) {
    answer = { id: request.id, ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort?.postMessage(answer);
});
