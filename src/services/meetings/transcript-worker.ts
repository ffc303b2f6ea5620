import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../errors.ts';
import type { SpeakersJob, SpeakersView, TranscriptDraft, TranscriptJob } from './transcript-draft.ts';
import type { WorkerAnswer, WorkerRequest } from './transcript-worker-entry.ts';

/**
 * Transcripts are read in worker threads, so a long call (or a 20 MB file) never holds the
 * server's event loop: other requests, /healthz included, are answered meanwhile. Each job has a
 * time limit, each worker a memory limit; past either the worker is ended and the upload refused
 * (413), and the next job gets a fresh worker.
 */
export interface WorkerLimits {
  timeoutMs: number;
  /** The worker's heap; a file that needs more is refused rather than taking the server's memory. */
  maxMemoryMb: number;
}

/** At most two transcripts are read at once, and never on every core: the server keeps one. */
const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism() - 1));
/** A worker with nothing to do for this long is ended (it holds the memory of the last call). */
const IDLE_MS = 30_000;

interface Slot {
  worker: Worker;
  maxMemoryMb: number;
  idleTimer: NodeJS.Timeout | null;
}

/**
 * Where the worker's code is, beside this module, in whichever form this module runs: from
 * TypeScript sources through tsx (bin/cadence.js, vitest) or compiled to JavaScript. A worker
 * thread does not inherit tsx's loader, so from sources it first registers tsx itself.
 */
function startWorker(maxMemoryMb: number): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(`./transcript-worker-entry.${fromSources ? 'ts' : 'js'}`, import.meta.url);
  const options = { resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb } };
  if (!fromSources) return new Worker(entry, options);
  const require = createRequire(import.meta.url);
  const tsx = require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), tsx.exports['./esm/api']?.import.default ?? 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

class TranscriptWorkers {
  private idle: Slot[] = [];
  private size = 0;
  private waiting: (() => void)[] = [];
  private nextId = 1;
  /** Jobs being read right now (tests and the benchmark watch this). */
  running = 0;

  async run<T>(task: WorkerRequest['task'], input: unknown, limits: WorkerLimits): Promise<T> {
    const slot = await this.acquire(limits.maxMemoryMb);
    this.running += 1;
    const id = this.nextId++;
    const { worker } = slot;
    worker.ref();
    try {
      const value = await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            fail(new AppError('too_large', `the transcript could not be read within ${limits.timeoutMs < 1000 ? `${limits.timeoutMs} ms` : `${Math.round(limits.timeoutMs / 1000)} s`}; split it into shorter files`, { field: 'transcript' })),
          limits.timeoutMs,
        );
        const onMessage = (answer: WorkerAnswer) => {
          if (answer.id !== id) return;
          done();
          if (answer.ok) resolve(answer.value);
          else reject(new Error(`the transcript worker failed: ${answer.message}`));
        };
        const onError = (err: Error & { code?: string }) => {
          fail(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new AppError('too_large', `the transcript needs more than ${slot.maxMemoryMb} MB of memory to read; split it into shorter files`, { field: 'transcript' })
              : new Error(`the transcript worker failed: ${err.message}`, { cause: err }),
          );
        };
        const onExit = (code: number) => fail(new Error(`the transcript worker stopped (exit code ${code})`));
        const done = () => {
          clearTimeout(timer);
          worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        };
        // A job that failed leaves its worker in an unknown state: it is ended, never reused.
        const fail = (err: Error) => {
          done();
          this.discard(slot);
          reject(err);
        };
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        worker.postMessage({ id, task, input } as WorkerRequest);
      });
      this.release(slot);
      return value as T;
    } finally {
      this.running -= 1;
    }
  }

  private async acquire(maxMemoryMb: number): Promise<Slot> {
    for (;;) {
      const slot = this.idle.pop();
      if (slot) {
        if (slot.idleTimer) clearTimeout(slot.idleTimer);
        slot.idleTimer = null;
        if (slot.maxMemoryMb === maxMemoryMb) return slot;
        this.discard(slot);
        continue;
      }
      if (this.size < POOL_SIZE) {
        this.size += 1;
        return { worker: startWorker(maxMemoryMb), maxMemoryMb, idleTimer: null };
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(slot: Slot): void {
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      this.idle = this.idle.filter((s) => s !== slot);
      this.discard(slot);
    }, IDLE_MS).unref();
    this.idle.push(slot);
    this.waiting.shift()?.();
  }

  private discard(slot: Slot): void {
    this.size -= 1;
    slot.worker.removeAllListeners();
    // An ended worker may still report an error on its way out; nobody is waiting for it.
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
    this.waiting.shift()?.();
  }
}

const workers = new TranscriptWorkers();

/** The memory a worker gets: room for a file of the largest size taken, parsed and extracted. */
export function workerLimits(transcripts: { maxBytes: number; timeoutMs: number }): WorkerLimits {
  return { timeoutMs: transcripts.timeoutMs, maxMemoryMb: Math.max(512, Math.ceil((transcripts.maxBytes / 1024 / 1024) * 100)) };
}

/** Reads a transcript and drafts its notes off the server's thread. */
export function draftInWorker(job: TranscriptJob, limits: WorkerLimits): Promise<TranscriptDraft> {
  return workers.run<TranscriptDraft>('draft', job, limits);
}

/** Matches stored cues' speakers to attendees off the server's thread. */
export function speakersInWorker(job: SpeakersJob, limits: WorkerLimits): Promise<SpeakersView> {
  return workers.run<SpeakersView>('speakers', job, limits);
}

/** Whether a JSON body parses, checked off the server's thread (a Gong transcript may be megabytes). */
export function isJsonInWorker(text: string, limits: WorkerLimits): Promise<boolean> {
  return workers.run<boolean>('json', text, limits);
}

/** How many transcripts are being read right now. */
export function transcriptsBeingRead(): number {
  return workers.running;
}
