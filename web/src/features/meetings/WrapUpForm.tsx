import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api-client';
import type { Meeting } from '../../lib/meeting-types';
import type { useCapture } from './use-capture';
import type { LiveNotes } from './live/use-live-notes';

interface Props {
  meeting: Meeting;
  capture: ReturnType<typeof useCapture>;
  notes: Pick<LiveNotes, 'flush'>;
  discussedIds: string[];
  onDone(): void;
}

/** Ends the call: once the server has the notes on screen, everything captured goes in one request. */
export function WrapUpForm({ meeting, capture: { capture, update, clear }, notes, discussedIds, onDone }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // For the customer's follow-up, one line each: the timeline summary above stays internal.
  const [recap, setRecap] = useState('');
  const [decisions, setDecisions] = useState('');
  const [questions, setQuestions] = useState('');
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.replace(/^\s*[-*•]\s*/, '').trim())
      .filter(Boolean);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const flushed = await notes.flush();
      if (!flushed.ok) {
        setError('The notes are not on the server yet (see the notes panel: offline?): nothing was wrapped up; they are kept on this device.');
        return;
      }
      const url = capture.recordingUrl.trim();
      await api('POST', `/api/meetings/${meeting.id}/wrap-up`, {
        discussedItemIds: discussedIds,
        actionItems: capture.actionItems.map((a) => ({ text: a.text, side: a.side, owner: a.owner, dueDate: a.dueDate })),
        risks: capture.risks.map((r) => ({ type: r.type, severity: r.severity, evidence: r.evidence, arrAtRisk: r.arrAtRisk })),
        requests: capture.requests.map((r) => ({ kind: r.kind, title: r.title, ...(r.priority ? { priority: r.priority } : {}) })),
        ...(capture.csmSentiment ? { csmSentiment: capture.csmSentiment } : {}),
        ...(capture.productSentiment ? { productSentiment: capture.productSentiment } : {}),
        ...(url ? { recordingUrl: url } : {}),
        ...(capture.summary.trim() ? { summary: capture.summary.trim() } : {}),
        recap: lines(recap),
        decisions: lines(decisions),
        // "Question — answer" when it was answered in the call; the question alone when we owe the answer.
        questions: lines(questions).map((l) => {
          const [question, ...answer] = l.split(/\s+(?:—|--)\s+/);
          return { question: question!, answer: answer.join(' — ') || null };
        }),
      });
      clear();
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? `${err.message}${err.field ? ` (${err.field})` : ''}` : 'Cadence could not be reached: everything is kept on this device; try again.');
    } finally {
      setBusy(false);
    }
  }

  const counts = `${capture.actionItems.length} action item${capture.actionItems.length === 1 ? '' : 's'}, ${capture.risks.length} risk${capture.risks.length === 1 ? '' : 's'}, ${capture.requests.length} request${capture.requests.length === 1 ? '' : 's'}`;
  return (
    <form className="wrap-up" onSubmit={submit} aria-labelledby="wrap-h">
      <h2 id="wrap-h">Wrap up</h2>
      <label htmlFor="wrap-summary">Summary for the timeline</label>
      <input id="wrap-summary" value={capture.summary} onChange={(e) => update((c) => ({ ...c, summary: e.target.value }))} maxLength={4000} />
      <label htmlFor="wrap-recap">Recap for the customer (one line each; the follow-up starts from it)</label>
      <textarea id="wrap-recap" rows={3} value={recap} onChange={(e) => setRecap(e.target.value)} />
      <label htmlFor="wrap-decisions">What we agreed (one decision a line)</label>
      <textarea id="wrap-decisions" rows={2} value={decisions} onChange={(e) => setDecisions(e.target.value)} />
      <label htmlFor="wrap-questions">Questions raised (one a line; "question — answer" when answered)</label>
      <textarea id="wrap-questions" rows={2} value={questions} onChange={(e) => setQuestions(e.target.value)} />
      <label htmlFor="wrap-recording">Recording link</label>
      <input id="wrap-recording" type="url" value={capture.recordingUrl} onChange={(e) => update((c) => ({ ...c, recordingUrl: e.target.value }))} placeholder="https://" />
      <p className="hint">Sends {counts}, the sentiment and the notes, and drafts the follow-up.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Wrapping up…' : 'Wrap up the call'}
      </button>
    </form>
  );
}
