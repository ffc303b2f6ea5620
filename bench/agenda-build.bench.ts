import { buildAgenda, type AgendaInput } from '../src/domain/agenda/agenda.ts';
import { renderAgendaHtml } from '../src/domain/agenda/agenda-render.ts';
import { agendaMail, projectCustomerView } from '../src/domain/agenda/customer-view.ts';
import { renderMail } from '../src/integrations/email/mail-layout.ts';
import { composeFollowUp } from '../src/domain/meeting/follow-up.ts';
import { customerActionItems } from '../src/domain/account/customer-account-view.ts';
import type { Agenda } from '../src/domain/meeting/meeting.ts';
import { NOW, actionItem, agendaInput, counterIds, finding, meeting, objective, request, risk, ticket, topic } from '../src/domain/meeting/meeting.fixtures.ts';
import { measure } from './harness.ts';

const N = 200;
const day = (offset: number) => new Date(Date.UTC(2026, 10, 20) - offset * 86_400_000).toISOString();

/** A busy account: 200 open action items, tickets and feature requests, a year of past agendas. */
function busyAccount(): AgendaInput {
  const base = agendaInput();
  const input: AgendaInput = {
    ...base,
    account: { ...base.account, deployment: 'self_managed', productVersion: '17.3.2', licencesUsed: 490, renewalDate: '2027-02-01', contractStartDate: '2026-02-01' },
    actionItems: Array.from({ length: N }, (_, i) => actionItem({ id: `ai-${i}`, side: i % 2 ? 'vendor' : 'customer', text: `Action item ${i}: follow up on runner capacity`, createdAt: day(i % 90), dueDate: i % 3 ? '2026-12-01' : null })),
    tickets: Array.from({ length: N }, (_, i) => ticket({ id: `t-${i}`, externalId: String(40_000 + i), priority: (['urgent', 'high', 'normal', 'low'] as const)[i % 4], status: i % 5 ? 'open' : 'solved', openedAt: day(i % 120) })),
    requests: Array.from({ length: N }, (_, i) =>
      request({ id: `fr-${i}`, title: `Feature request ${i}`, status: (['open', 'planned', 'in_progress', 'shipped'] as const)[i % 4], shippedAt: i % 4 === 3 ? day(i % 30) : null, shippedIn: '17.6' }),
    ),
    findings: Array.from({ length: 50 }, (_, i) => finding({ id: `f-${i}`, severity: (['critical', 'high', 'medium', 'low'] as const)[i % 4], foundAt: day(i % 20) })),
    objectives: Array.from({ length: 8 }, (_, i) => objective({ id: `o-${i}`, kind: i % 2 ? 'initiative' : 'outcome' })),
    risks: [risk()],
    topicLibrary: Array.from({ length: 40 }, (_, i) => topic({ id: `tp-${i}`, text: `Topic ${i}`, position: i })),
    hotSheet: [{ id: 'h-1', text: 'Release 17.6 highlights', startsOn: '2026-11-01', expiresOn: '2026-12-31', deployments: [] }],
  };
  // Twelve earlier agendas of the same size drive topic rotation and carry-over.
  const previousAgendas: Agenda[] = [];
  for (let i = 0; i < 12; i += 1) {
    const agenda = buildAgenda({ ...input, previousAgendas: previousAgendas.slice(), newId: counterIds(`p${i}`) }, NOW);
    previousAgendas.unshift({ ...agenda, items: agenda.items.map((it, k) => ({ ...it, discussed: k % 3 !== 0 })) });
  }
  return { ...input, previousAgendas };
}

export default async function run(): Promise<{ benchmark: string; db: 'none'; rows: { case: string; p50_ms: number; p95_ms: number; items?: number }[] }> {
  const input = busyAccount();
  const build = () => buildAgenda({ ...input, newId: counterIds() }, NOW);
  const agenda = build();
  const m = meeting();
  const options = { title: m.title, startsAt: m.startsAt };
  const rows = [
    { case: `buildAgenda (${N} action items, ${N} tickets, ${N} requests, 12 past agendas)`, ...(await measure(build, 300)), items: agenda.items.length },
    { case: 'renderAgendaHtml (customer copy, sanitised)', ...(await measure(() => renderAgendaHtml(agenda, options), 200)), items: agenda.items.length },
    {
      case: 'agenda mail (customer view, MJML layout: text + HTML)',
      ...(await measure(
        () => renderMail(agendaMail(projectCustomerView(m, agenda, []), { callTime: 'Tuesday 24 November 2026, 15:00 UTC', greetingNames: ['Hank'], senderName: 'Alice', shareUrl: 'https://cadence.test/s/x' }).content),
        200,
      )),
    },
    { case: 'projectCustomerView', ...(await measure(() => projectCustomerView(m, agenda, input.actionItems), 300)) },
    {
      case: `composeFollowUp (${N} action items)`,
      ...(await measure(
        () =>
          composeFollowUp({
            vendorName: 'Acme',
            accountName: 'Globex',
            meetingTitle: m.title,
            heldAt: m.startsAt,
            greetingNames: ['Hank'],
            senderName: 'Alice',
            outcomes: { recap: ['Runner capacity', 'SSO'], decisions: ['SSO first'], questions: [] },
            actionItems: customerActionItems(m.accountId, input.actionItems),
            links: [{ url: 'https://docs.test/runners', description: 'Runner sizing' }],
            nextCallAt: '2026-12-08T15:00:00.000Z',
          }),
        300,
      )),
    },
  ];
  return { benchmark: 'agenda-build', db: 'none', rows };
}
