import { z } from 'zod';

const author = {
  userId: z.string().nullable().describe('The person; null for text nobody is recorded for (notes saved before live notes) or text from the transcript'),
  name: z.string().describe('As the team knows them; "Not recorded", "From the transcript"'),
};
const AuthorTotalSchema = z.object({
  ...author,
  characters: z.number().int().describe('Characters of the text that are theirs, whitespace not counted'),
  share: z.number().int().describe('Their share of everyone’s characters, 0–100'),
});

export const NotesAuthorshipSchema = z
  .object({
    meetingId: z.string(),
    live: z.boolean().describe('Whether the meeting has live notes; false: no texts'),
    texts: z.array(
      z.object({
        key: z.string().describe("'notes' for the free notes, 'item:<agenda item id>' for an item's"),
        itemId: z.string().nullable().describe('The agenda item; null for the free notes'),
        label: z.string().describe('As its editor is named: "Call notes", "Notes for <item>"'),
        segments: z.array(z.object({ ...author, text: z.string() })).describe('The text in order, each part with who typed it'),
        totals: z.array(AuthorTotalSchema).describe('Who wrote how much of this text, most first'),
      }),
    ),
    totals: z.array(AuthorTotalSchema).describe('Who wrote how much of all the notes, most first'),
  })
  .meta({ id: 'NotesAuthorship' });

export const SuggestionsInsertSchema = z
  .strictObject({
    suggestionIds: z.array(z.string().min(1).max(64)).min(1).max(500).optional().describe('The suggestions to put in; all pending ones when left out'),
  })
  .default({});

export const SuggestionsInsertedSchema = z
  .object({
    inserted: z.number().int().describe('Lines added; 0 when they were all in the notes already or none is pending'),
    notes: z.string().describe('The free notes after the insert'),
  })
  .meta({ id: 'SuggestionsInserted' });
