import { z } from 'zod';

// The value shapes every answer shares (DESIGN.md): times are ISO 8601 in UTC, calendar dates YYYY-MM-DD.
export const InstantSchema = z.string().describe('ISO 8601 time in UTC');
export const CalendarDateOutSchema = z.string().describe('A calendar date, YYYY-MM-DD');
