import { describe, expect, it } from 'vitest';
import { INTERNAL_MEETING_KINDS, INTERNAL_MEETING_TEMPLATES } from './internal-meeting-templates.ts';
import { MBR_AGENDA } from '../reviews/mbr.ts';

describe('internal meeting templates', () => {
  it('the timed sections of each meeting fit inside its length', () => {
    for (const kind of INTERNAL_MEETING_KINDS) {
      const t = INTERNAL_MEETING_TEMPLATES[kind];
      const minutes = t.sections.reduce((s, x) => s + (x.minutes ?? 0), 0);
      expect(minutes, kind).toBeLessThanOrEqual(t.durationMinutes);
      expect(t.sections.length, kind).toBeGreaterThan(0);
    }
  });

  it('the MBR is 30 minutes: 5 on health, 15 on the top 3, 5 on asks, and the pack presents that agenda', () => {
    const mbr = INTERNAL_MEETING_TEMPLATES.mbr;
    expect(mbr.durationMinutes).toBe(30);
    expect(MBR_AGENDA).toEqual([
      { minutes: 5, title: 'Customer health metrics review' },
      { minutes: 15, title: 'Top 3 accounts review (5 minutes per account)' },
      { minutes: 5, title: 'Asks for the business' },
    ]);
  });

  it('the internal QBR lasts an hour and brings Product, Finance and Legal', () => {
    expect(INTERNAL_MEETING_TEMPLATES.qbr.durationMinutes).toBe(60);
    expect(INTERNAL_MEETING_TEMPLATES.qbr.attendees).toEqual(expect.arrayContaining(['Product', 'Finance', 'Legal']));
  });
});
