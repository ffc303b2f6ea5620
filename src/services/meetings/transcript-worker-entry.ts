import { parentPort } from 'node:worker_threads';
import { draftFromTranscript, speakersOfCues, type SpeakersJob, type TranscriptJob } from './transcript-draft.ts';

/**
 * The transcript worker thread: reads one job at a time from the server and answers it. Started
 * by transcript-worker.ts, never imported by the server itself.
 */
export type WorkerRequest = { id: number; task: 'draft'; input: TranscriptJob } | { id: number; task: 'speakers'; input: SpeakersJob } | { id: number; task: 'json'; input: string };
export type WorkerAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

function run(request: WorkerRequest): unknown {
  switch (request.task) {
    case 'draft':
      return draftFromTranscript(request.input);
    case 'speakers':
      return speakersOfCues(request.input);
    case 'json':
      // Whether a JSON body is JSON at all, so a broken one is refused at once, as every JSON route refuses it.
      try {
        JSON.parse(request.input);
        return true;
      } catch {
        return false;
      }
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  let answer: WorkerAnswer;
  try {
    answer = { id: request.id, ok: true, value: run(request) };
  } catch (err) {
    answer = { id: request.id, ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort?.postMessage(answer);
});
