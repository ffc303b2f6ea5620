import { z } from 'zod';
import { MeetingSchema } from './meetings.schema.ts';

export const CalendarFileSchema = z.string().describe('An iCalendar file (RFC 5545)');

export const CancelledMeetingSchema = z
  .object({
    meeting: MeetingSchema,
    cancelledMeetingIds: z.array(z.string()).describe('Every call cancelled: this one, or the calls of the series still to come'),
    notified: z.array(z.string()).describe('The attendees sent a METHOD:CANCEL invite'),
  })
  .meta({ id: 'CancelledMeeting' });

export const CancelQuerySchema = z.strictObject({
  scope: z.enum(['occurrence', 'series']).default('occurrence').describe('`series`: every call of the series still to come; held and past calls stay'),
});

export const CalendarFeedSchema = z.object({ url: z.string().describe('The secret feed URL; anyone holding it sees your calls') }).meta({ id: 'CalendarFeed' });
export type CalendarFeed = z.infer<typeof CalendarFeedSchema>;

export const FeedFileParams = z.strictObject({ file: z.string().regex(/^[\w-]{10,100}\.ics$/, 'is not a feed') });
