import { extractNotes } from '../../domain/notes-extraction/extract-notes.ts';
import type { NotesContext, NotesSuggestions } from '../../domain/notes-extraction/schema.ts';
import { matchSpeakers, renameSpeakers, type Attendee } from '../../domain/transcripts/match-speakers.ts';
import { parseTranscript } from '../../domain/transcripts/parse-transcript.ts';
import type { Cue, Transcript, TranscriptFormat } from '../../domain/transcripts/transcript.ts';
import { transcriptParts, type LlmOptions, type TranscriptParts } from '../../integrations/llm/openai-compatible.ts';

/**
 * Everything CPU-heavy about a transcript, in one step that runs in the transcript worker:
 * reading the file, renaming speakers, matching them to attendees, the local extractor's notes,
 * the cues as stored, and (with a model configured) the parts sent to it. Its input and output
 * are plain data, so it crosses a thread boundary as is; the big cue list crosses as one string.
 */
export interface TranscriptJob {
  /** The file as uploaded, or the cues already stored (mapping speakers again). */
  source: { kind: 'file'; text: string; format?: TranscriptFormat } | { kind: 'cues'; cuesJson: string; format: TranscriptFormat };
  speakerMap: Record<string, string>;
  attendees: Attendee[];
  context: NotesContext;
  /** Set when a model is configured: how to cut the call into the parts it is sent. */
  llmParts: Pick<LlmOptions, 'chunkChars' | 'overlapChars' | 'maxTranscriptChars'> | null;
}

/** Who spoke, matched to the call's attendees where Cadence could tell, as the API shows it. */
export interface SpeakersView {
  matched: { speaker: string; attendee: string; by: 'email' | 'name' | 'email_name' | 'first_name' }[];
  unmatched: string[];
}

export type TranscriptDraft =
  | { ok: false; line: number; message: string }
  | {
      ok: true;
      format: TranscriptFormat;
      cueCount: number;
      /** The renamed cues, serialised once here rather than on the server's thread. */
      cuesJson: string;
      speakers: SpeakersView;
      /** The local extractor's notes: used as they are, or as the fallback when the model fails. */
      localNotes: NotesSuggestions;
      llmParts: TranscriptParts | null;
    };

export function draftFromTranscript(job: TranscriptJob): TranscriptDraft {
  let transcript: Transcript;
  if (job.source.kind === 'file') {
    const parsed = parseTranscript(job.source.text, { format: job.source.format });
    if (!parsed.ok) return { ok: false, line: parsed.error.line, message: parsed.error.message.replace(/^line \d+: /, '') };
    transcript = parsed.transcript;
  } else {
    transcript = { format: job.source.format, cues: JSON.parse(job.source.cuesJson) as Cue[] };
  }
  transcript = renameSpeakers(transcript, job.speakerMap);
  const matching = matchSpeakers(transcript, job.attendees);
  return {
    ok: true,
    format: transcript.format,
    cueCount: transcript.cues.length,
    cuesJson: JSON.stringify(transcript.cues),
    speakers: { matched: matching.matches.map((m) => ({ speaker: m.speaker, attendee: m.attendee.name, by: m.by })), unmatched: matching.unmatched },
    localNotes: extractNotes(transcript, job.context),
    llmParts: job.llmParts ? transcriptParts(transcript, job.llmParts) : null,
  };
}

/** Who spoke, matched to attendees, for stored cues (the suggestions list); in the worker too for a long call. */
export interface SpeakersJob {
  cuesJson: string;
  attendees: Attendee[];
}

export function speakersOfCues(job: SpeakersJob): SpeakersView {
  const matching = matchSpeakers(JSON.parse(job.cuesJson) as Cue[], job.attendees);
  return { matched: matching.matches.map((m) => ({ speaker: m.speaker, attendee: m.attendee.name, by: m.by })), unmatched: matching.unmatched };
}
