/**
 * Transcript suggestions put into the live notes as a reviewable Markdown block: a quote that says
 * where it came from, one line per suggestion. The CSM edits or deletes its lines like any notes;
 * accepting or rejecting a suggestion stays on the suggestions list.
 */
import type { SuggestionKind } from './suggestion-review.ts';

export const SUGGESTION_BLOCK_HEADING = '> Suggested from the transcript — review: edit or delete these lines like any notes';

const KIND_LABEL: Record<SuggestionKind, string> = {
  action_item: 'Action item',
  decision: 'Decision',
  question: 'Question',
  risk: 'Risk',
  request: 'Request',
  sentiment: 'Sentiment',
};

/** A transcript's words on one line: a line break in them would end the quote and spill into the notes. */
function oneLine(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/gu, ' ').trim() : '';
}

/** The line of one suggestion, in the words of the suggestions list. */
export function suggestionLine(kind: SuggestionKind, payload: Readonly<Record<string, unknown>>): string {
  const text = oneLine(payload.text);
  const details: string[] = [];
  switch (kind) {
    case 'action_item':
      if (oneLine(payload.owner)) details.push(`owner ${oneLine(payload.owner)}`);
      if (oneLine(payload.due)) details.push(`due ${oneLine(payload.due)}`);
      break;
    case 'question':
      if (oneLine(payload.askedBy)) details.push(`asked by ${oneLine(payload.askedBy)}`);
      break;
    case 'risk':
      details.push([oneLine(payload.type), oneLine(payload.severity)].filter(Boolean).join(', '));
      break;
    case 'request':
      details.push(oneLine(payload.kind).replace(/_/g, ' '));
      if (oneLine(payload.matchedTitle)) details.push(`like “${oneLine(payload.matchedTitle)}”`);
      break;
    case 'sentiment':
      return `> - ${KIND_LABEL[kind]}: ${oneLine(payload.speaker) || 'someone'} (${oneLine(payload.tone) || 'tone'}): “${oneLine(payload.quote)}”`;
    default:
      break;
  }
  const extra = details.filter(Boolean);
  return `> - ${KIND_LABEL[kind]}: ${text}${extra.length ? ` (${extra.join('; ')})` : ''}`;
}

/**
 * What to append to the notes for these suggestions: the heading and the lines not already in the
 * notes (inserting twice adds nothing), or null when every line is there already.
 */
export function suggestionBlock(currentNotes: string, suggestions: readonly { kind: SuggestionKind; payload: Readonly<Record<string, unknown>> }[]): { text: string; lines: number } | null {
  const present = new Set(currentNotes.split('\n').map((l) => l.trim()));
  const lines = [...new Set(suggestions.map((s) => suggestionLine(s.kind, s.payload)))].filter((l) => !present.has(l));
  if (!lines.length) return null;
  // A blank line before the block, so it does not run into the paragraph the notes end with.
  const lead = currentNotes === '' ? '' : currentNotes.endsWith('\n\n') ? '' : currentNotes.endsWith('\n') ? '\n' : '\n\n';
  return { text: `${lead}${SUGGESTION_BLOCK_HEADING}\n${lines.join('\n')}\n`, lines: lines.length };
}
