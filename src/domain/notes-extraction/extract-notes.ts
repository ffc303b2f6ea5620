import type { Transcript } from '../transcripts/transcript.ts';
import { extractActionItems } from './action-items.ts';
import { extractDecisions } from './decisions.ts';
import { buildPeople } from './people.ts';
import { extractOpenQuestions } from './questions.ts';
import { extractRequests } from './requests.ts';
import { extractRisks } from './risks.ts';
import type { NotesContext, NotesSuggestions } from './schema.ts';
import { extractSentiment, extractSignals } from './sentiment.ts';
import { DateTime } from 'luxon';
import { summarize } from './summary.ts';
import { toUtterances } from './text.ts';

/**
 * The local, deterministic notes extractor: a transcript and what Cadence knows about the
 * meeting in, suggestions out (summary by agenda item, action items with owners and due dates,
 * decisions, open questions, risks, requests and sentiment hints), each with the quote and the
 * moment it came from. The same input always gives the same suggestions; nothing leaves the
 * machine.
 */
export function extractNotes(transcript: Transcript, context: NotesContext): NotesSuggestions {
  const utterances = toUtterances(transcript.cues);
  const people = buildPeople(context.attendees, [...new Set(transcript.cues.map((c) => c.speaker))]);
  const due = { meetingDate: context.meetingDate, renewalDate: context.account?.renewalDate, dateAt: speakerDate(context, people) };
  return {
    summary: summarize(utterances, context.agenda ?? []),
    actionItems: extractActionItems(utterances, people, due),
    decisions: extractDecisions(utterances),
    questions: extractOpenQuestions(utterances),
    risks: extractRisks(utterances, people, context),
    requests: extractRequests(utterances, people, context),
    sentiment: extractSentiment(utterances, people),
    signals: extractSignals(utterances, people),
  };
}

/**
 * The calendar day a sentence was said on where its speaker is: the call's start plus the
 * moment in the recording, in the speaker's zone (the call's zone when theirs is unknown). Without
 * a start time, the meeting's date.
 */
function speakerDate(context: NotesContext, people: ReturnType<typeof buildPeople>): ((speaker: string, at: number | null) => string) | undefined {
  if (!context.startsAt) return undefined;
  const start = DateTime.fromISO(context.startsAt, { setZone: true });
  if (!start.isValid) return undefined;
  const zones = new Map(context.attendees.map((a) => [a.name, a.timezone ?? context.timezone]));
  return (speaker, at) => {
    const zone = zones.get(people.bySpeaker(speaker).name) ?? context.timezone;
    const day = start.plus({ seconds: at ?? 0 }).setZone(zone);
    return day.isValid ? (day.toISODate() ?? context.meetingDate) : context.meetingDate;
  };
}
