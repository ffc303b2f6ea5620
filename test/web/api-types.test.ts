import { describe, expect, it } from 'vitest';
import { renderAgendaMarkdown } from '../../src/domain/agenda/agenda-render.ts';
import { RISK_TYPES, SECTION_TITLES, SEVERITIES } from '../../web/src/lib/meeting-types.ts';

// The web app used to keep its own copies of these lists; they had drifted from the API's. It now
// takes them from the domain, as the server does.
describe('the web app speaks the API’s words', () => {
  it('the workspace names the help section of the agenda as the emailed agenda does', () => {
    const agenda = {
      meetingId: 'm1',
      items: [{ id: 'i1', section: 'assistance' as const, text: 'Runner timeouts', source: null, addedBy: 'csm' as const, visibility: 'shared' as const, discussed: false, notes: '', carriedOverFrom: null }],
    };
    const emailed = renderAgendaMarkdown(agenda, { title: 'Globex call', startsAt: '2026-12-01T15:00:00.000Z' });
    expect(emailed).toContain(SECTION_TITLES.assistance);
    expect(SECTION_TITLES.assistance).toBe('Where we can help: support tickets and feature requests');
  });

  it('a risk can be captured as critical in the workspace, as the API accepts', () => {
    expect(SEVERITIES).toContain('critical');
    expect(RISK_TYPES).toContain('competitor_hire');
  });
});
