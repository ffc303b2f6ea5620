import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, apiRaw } from '../../lib/api-client';
import type { AcceptEditsInput, SpeakerMatching, Suggestion, SuggestionDecided, SuggestionsView, TranscriptImport as ImportResult } from '../../../../src/server/routes/transcripts.schema.ts';

export type { ImportResult, SpeakerMatching, Suggestion, SuggestionsView };
export type SuggestionKind = Suggestion['kind'];
/** Which extractor drafted the suggestions: Cadence's own, or the configured language model. */
export type ExtractedBy = ImportResult['extractedBy'];
export type AcceptEdits = NonNullable<AcceptEditsInput>;

/** The content type the API expects for each kind of transcript file. */
export function contentTypeFor(fileName: string): string {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'vtt') return 'text/vtt';
  if (ext === 'json') return 'application/json';
  return 'text/plain';
}

/** A second of the recording as people read it on a player: 1:05, 1:02:09. */
export function formatAt(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined) return null;
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The meeting's transcript, its suggestions and the decisions on them. */
export function useTranscript(meetingId: string, accountId: string) {
  const client = useQueryClient();
  const key = ['suggestions', meetingId];
  const suggestions = useQuery({ queryKey: key, queryFn: () => api<SuggestionsView>('GET', `/api/meetings/${meetingId}/suggestions`) });
  // The import's answer also says why the model was not used; the stored view does not: kept for this visit.
  const [lastImport, setLastImport] = useState<ImportResult | null>(null);

  const landed = (r: ImportResult) => {
    setLastImport(r);
    void client.invalidateQueries({ queryKey: key });
    void client.invalidateQueries({ queryKey: ['timeline', accountId] });
  };
  const upload = useMutation({
    mutationFn: ({ text, contentType }: { text: string; contentType: string }) => apiRaw<ImportResult>('POST', `/api/meetings/${meetingId}/transcript`, text, contentType),
    onSuccess: landed,
  });
  const mapSpeakers = useMutation({
    mutationFn: (map: Record<string, string>) => api<ImportResult>('PUT', `/api/meetings/${meetingId}/transcript/speakers`, map),
    onSuccess: landed,
  });
  const decide = useMutation({
    mutationFn: ({ id, verdict, edits }: { id: string; verdict: 'accept' | 'reject'; edits?: AcceptEdits }) => api<SuggestionDecided>('POST', `/api/suggestions/${id}/${verdict}`, verdict === 'accept' ? (edits ?? {}) : undefined),
    onSuccess: (_r, { id, verdict }) => {
      client.setQueryData<SuggestionsView>(key, (old) => (old ? { ...old, items: old.items.map((s) => (s.id === id ? { ...s, status: verdict === 'accept' ? 'accepted' : 'rejected' } : s)) } : old));
      void client.invalidateQueries({ queryKey: key });
      if (verdict === 'accept') {
        for (const k of [
          ['action-items', accountId],
          ['timeline', accountId],
          ['risks', accountId],
          ['follow-up', meetingId],
        ])
          void client.invalidateQueries({ queryKey: k });
      }
    },
  });
  return { suggestions, lastImport, upload, mapSpeakers, decide };
}
