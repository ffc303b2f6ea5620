/**
 * Agenda assembly: the agenda builds itself from what Cadence knows about the account, in the
 * handbook's order, each item citing the record it came from. The CSM then edits it
 * (agenda-edit.ts) and shares it (agenda-render.ts, customer-view.ts).
 */
import type { Account, Contact, Instant } from '../model.ts';
import type { ActionItem, Agenda, AgendaItem, AgendaSection, AgendaSource, FeatureRequest, HotSheetTopic, Meeting, ProductFinding, Risk, SuccessObjective, SuggestedTopic, SupportTicket, Visibility } from '../meeting/meeting.ts';
import { AGENDA_SECTIONS, compareTicketPriority, isOpenFeatureRequest, isOpenTicket } from '../meeting/meeting.ts';
import { PREP_NOTES, PROMPTS, SECURITY_ALERTS_PROMPT, SELF_MANAGED_PROMPTS } from './agenda-sections.ts';
import { formatMoney, internalFacts, licenceSignal, renewalNotice } from './agenda-commercial.ts';
import { kickoffChecklist } from './kickoff-checklist.ts';
import { isHotTopicLive, liveHotTopics, pickSuggestedTopics } from './suggested-topics.ts';
import { localDate } from '../calendar/business-calendar.ts';
import { ageInDays, formatCallTime, isAfter } from '../calendar/meeting-dates.ts';
import { describeFindings } from './agenda-findings.ts';
import { doneByCustomerText, type CustomerDoneItem } from './customer-done.ts';
import { useCasesToSuggest, type ScoredUseCase } from '../use-cases/use-cases.ts';

export interface AgendaInput {
  meeting: Pick<Meeting, 'id' | 'accountId' | 'type' | 'startsAt' | 'attendees'>;
  account: Pick<Account, 'id' | 'name' | 'segment' | 'deployment' | 'productVersion' | 'arr' | 'renewalDate' | 'contractStartDate' | 'licencesBought' | 'licencesUsed' | 'securityAlertsOptIn' | 'healthColour' | 'healthScore' | 'timezone'>;
  /** When the last call with this account was held; null when this is the first one. */
  lastCallAt: Instant | null;
  /** Agendas of earlier calls, newest first: the first is carried over, all drive topic rotation. */
  previousAgendas: Agenda[];
  materials: { title: string; url: string | null }[];
  /** Contacts, so the ones who joined since the last call are welcomed. */
  contacts: Pick<Contact, 'id' | 'name' | 'title' | 'status' | 'createdAt'>[];
  actionItems: ActionItem[];
  /** Items the customer ticked off on the share link (customer-done.ts); those since the last call are listed. */
  customerDone?: CustomerDoneItem[];
  tickets: SupportTicket[];
  requests: FeatureRequest[];
  findings: ProductFinding[];
  objectives: SuccessObjective[];
  risks: Risk[];
  topicLibrary: SuggestedTopic[];
  hotSheet: HotSheetTopic[];
  /** Library topics per agenda; 2 unless told. */
  topicsPerCall?: number;
  nextCallAt: Instant | null;
  /** The account's use cases as scored (use-cases.ts): one or two not yet green are suggested with their enablement offer. */
  useCases?: ScoredUseCase[];
  /** Supplies item ids, so the domain stays free of randomness. */
  newId: () => string;
}

/** Source types rebuilt from live records each time; an old copy of them never carries over. */
const REBUILT_SOURCES = new Set(['attendee', 'material', 'contact', 'action_item', 'ticket', 'request', 'finding', 'objective', 'risk', 'health', 'renewal', 'licence', 'platform', 'prompt', 'next_call', 'use_case']);

export function sourceKey(source: AgendaSource | null): string | null {
  return source ? `${source.type}:${source.id ?? ''}` : null;
}

/**
 * Assembles the agenda for `input.meeting` as of `now`. The first call with an account follows
 * the kickoff checklist; later calls follow up on everything still open, and bring back what
 * the last call did not get to.
 */
export function buildAgenda(input: AgendaInput, now: Date): Agenda {
  const { account, meeting } = input;
  const today = localDate(now, account.timezone);
  const firstCall = input.lastCallAt === null || meeting.type === 'kickoff';
  const items: AgendaItem[] = [];
  // `text` is the customer's wording; a prep note carries the CSM's reason and never leaves the building.
  const add = (section: AgendaSection, text: string, source: AgendaSource | null, visibility: Visibility = 'shared', prepNote: string | null = null) => {
    items.push({ id: input.newId(), section, text, source, addedBy: 'cadence', visibility, prepNote, discussed: false, notes: '', carriedOverFrom: null });
  };

  for (const fact of internalFacts(account)) add('internal_prep', fact.text, { type: 'health', id: fact.key }, 'internal');
  for (const risk of input.risks.filter((r) => r.status === 'open' && r.accountId === account.id)) {
    const arr = risk.arrAtRisk === null ? '' : `, ${formatMoney(risk.arrAtRisk)} ARR at risk`;
    add('internal_prep', `Risk (${risk.severity}): ${risk.type.replace(/_/g, ' ')}${arr}: ${risk.evidence}`, { type: 'risk', id: risk.id }, 'internal');
  }

  for (const side of ['vendor', 'customer'] as const) {
    const people = meeting.attendees.filter((a) => a.side === side);
    if (people.length === 0) continue;
    const names = people.map((p) => `${p.name}${p.role ? ` (${p.role})` : ''}${p.shadowing ? ' (shadowing)' : ''}`).join(', ');
    add('attendees', `${side === 'vendor' ? 'Our team' : account.name}: ${names}`, { type: 'attendee', id: side });
  }
  input.materials.forEach((m, i) => add('materials', m.url ? `${m.title}: ${m.url}` : m.title, { type: 'material', id: String(i) }));

  add('housekeeping', PROMPTS.housekeeping, { type: 'prompt', id: 'housekeeping' });
  if (input.lastCallAt) {
    const since = input.lastCallAt;
    for (const c of input.contacts.filter((c) => c.status === 'active' && isAfter(c.createdAt, since))) {
      add('housekeeping', `Welcome ${c.name}${c.title ? `, ${c.title}` : ''}`, { type: 'contact', id: c.id });
    }
  }
  if (firstCall) {
    for (const step of kickoffChecklist(account.deployment)) add('kickoff', step.text, { type: 'checklist', id: step.key });
  }

  const openItems = input.actionItems.filter((a) => a.status === 'open' && a.accountId === account.id && a.meetingId !== meeting.id).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : 1));
  for (const a of openItems) add('follow_ups', describeActionItem(a, now, today), { type: 'action_item', id: a.id });
  for (const d of (input.customerDone ?? []).filter((d) => input.lastCallAt === null || isAfter(d.completedAt, input.lastCallAt as string))) {
    add('follow_ups', doneByCustomerText(d.text, d.comment), { type: 'action_item', id: d.id });
  }

  const objectives = input.objectives.filter((o) => o.accountId === account.id && o.status !== 'achieved' && o.status !== 'abandoned');
  for (const o of objectives) {
    // An objective the team keeps off the customer's success plan stays off their agenda too.
    add(o.kind === 'initiative' ? 'initiatives' : 'business_outcomes', describeObjective(o), { type: 'objective', id: o.id }, o.customerVisible === false ? 'internal' : 'shared');
  }
  if (!firstCall && !objectives.some((o) => o.kind === 'outcome')) {
    add('business_outcomes', PROMPTS.noObjectives, { type: 'prompt', id: 'objectives' });
  }
  add('pain_points', PROMPTS.painPoints, { type: 'prompt', id: 'pain-points' });

  const tickets = input.tickets.filter((t) => t.accountId === account.id && isOpenTicket(t)).sort((a, b) => compareTicketPriority(a.priority, b.priority) || Date.parse(a.openedAt) - Date.parse(b.openedAt) || (a.id < b.id ? -1 : 1));
  for (const t of tickets) {
    const ref = t.externalId ? ` #${t.externalId}` : '';
    const status = t.status.replace('_', ' ');
    add('assistance', `Ticket${ref}: ${t.title} (${t.priority} priority, ${status}, open ${ageInDays(t.openedAt, now)} days)`, { type: 'ticket', id: t.id });
  }
  const requests = input.requests.filter((r) => r.accountId === account.id);
  for (const r of requests.filter(isOpenFeatureRequest)) {
    add('assistance', `Feature request: ${r.title} (${r.status.replace('_', ' ')})`, { type: 'request', id: r.id });
  }
  for (const r of requests.filter((r) => r.status === 'shipped' && r.shippedAt !== null && (input.lastCallAt === null || isAfter(r.shippedAt, input.lastCallAt)))) {
    add('assistance', `Shipped${r.shippedIn ? ` in ${r.shippedIn}` : ''}: ${r.title}, which you asked for`, { type: 'request', id: r.id });
  }

  const findings = describeFindings(
    input.findings.filter((f) => f.accountId === account.id),
    input.lastCallAt,
  );
  for (const f of findings) add('product_findings', f.text, { type: 'finding', id: f.id });
  if (findings.length === 0 && !firstCall) add('product_findings', PROMPTS.noFindings, { type: 'finding', id: 'none' }, 'shared', PREP_NOTES.noFindings);

  const renewal = renewalNotice(account, today);
  if (renewal) add('commercial', renewal.text, { type: 'renewal', id: renewal.renewalDate });
  const licence = licenceSignal(account, today);
  if (licence) {
    add('commercial', licence.text, { type: 'licence', id: licence.kind }, 'shared', licence.prepNote);
    if (licence.kind === 'near_cap') add('internal_prep', licence.internalText, { type: 'licence', id: 'loop-in-ae' }, 'internal');
  }

  if (!firstCall) {
    if (account.deployment === 'self_managed') {
      for (const p of SELF_MANAGED_PROMPTS) add('platform', p.text(account.productVersion), { type: 'platform', id: p.key });
    }
    if (!account.securityAlertsOptIn) add('platform', SECURITY_ALERTS_PROMPT.text, { type: 'platform', id: SECURITY_ALERTS_PROMPT.key });
  }

  const carried = carryOver(input.previousAgendas[0], input.hotSheet, today, new Set(items.map((i) => sourceKey(i.source))), input.newId);
  const carriedTopics = new Set(carried.flatMap((i) => (i.source?.type === 'topic' && i.source.id ? [i.source.id] : [])));
  if (!firstCall) {
    const context = { deployment: account.deployment, segment: account.segment, today };
    for (const t of pickSuggestedTopics(input.topicLibrary, input.previousAgendas, context, input.topicsPerCall ?? 2, carriedTopics)) {
      add('suggested_topics', t.text, { type: 'topic', id: t.id });
    }
    // Use cases not landing yet: the customer reads their own words and our offer; the score and why stay in the prep note.
    for (const u of useCasesToSuggest(input.useCases ?? [])) {
      add(
        'suggested_topics',
        `${u.template.customerWording}: ${u.template.enablementOffer}`,
        { type: 'use_case', id: u.template.id },
        'shared',
        `Use case ${u.template.name} (${u.template.product}) is ${u.score}: ${u.because ?? 'not scored'}`,
      );
    }
    const carriedHot = new Set(carried.flatMap((i) => (i.source?.type === 'hot_topic' && i.source.id ? [i.source.id] : [])));
    for (const t of liveHotTopics(input.hotSheet, input.previousAgendas, context).filter((t) => !carriedHot.has(t.id))) {
      add('suggested_topics', t.text, { type: 'hot_topic', id: t.id });
    }
  }
  items.push(...carried);

  add('customer_topics', PROMPTS.customerTopics, { type: 'prompt', id: 'customer-topics' });
  add('recap', PROMPTS.recap, { type: 'prompt', id: 'recap' });
  add('recap', PROMPTS.actionItems, { type: 'prompt', id: 'action-items' });
  if (input.nextCallAt) add('recap', `Next call: ${formatCallTime(input.nextCallAt, account.timezone)}`, { type: 'next_call', id: input.nextCallAt });
  else add('recap', PROMPTS.noNextCall, { type: 'next_call' });

  return { meetingId: meeting.id, items: inSectionOrder(items) };
}

/** Stable sort by section: within a section, items keep the order they were added in. */
function inSectionOrder(items: AgendaItem[]): AgendaItem[] {
  const rank = new Map(AGENDA_SECTIONS.map((s, i) => [s, i]));
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (rank.get(a.item.section) ?? 0) - (rank.get(b.item.section) ?? 0) || a.index - b.index)
    .map((x) => x.item);
}

/**
 * Undiscussed items from the previous agenda that are not rebuilt from live records: things
 * people typed (the CSM's or the customer's), checklist steps and topics. Expired hot topics
 * and anything the new agenda already covers stay behind.
 */
function carryOver(previous: Agenda | undefined, hotSheet: readonly HotSheetTopic[], today: string, present: Set<string | null>, newId: () => string): AgendaItem[] {
  if (!previous) return [];
  const hot = new Map(hotSheet.map((t) => [t.id, t]));
  const out: AgendaItem[] = [];
  for (const item of previous.items) {
    if (item.discussed || (item.source && REBUILT_SOURCES.has(item.source.type))) continue;
    const key = sourceKey(item.source);
    if (key !== null && present.has(key)) continue;
    if (item.source?.type === 'hot_topic' && !isHotTopicLive(hot.get(item.source.id ?? ''), today)) continue;
    if (key !== null) present.add(key);
    out.push({ ...item, id: newId(), discussed: false, notes: '', carriedOverFrom: item.carriedOverFrom ?? item.id });
  }
  return out;
}

function describeActionItem(a: ActionItem, now: Date, today: string): string {
  const side = a.side === 'vendor' ? 'us' : 'you';
  const parts = [`owner ${a.owner.name} (${side})`, `open ${ageInDays(a.createdAt, now)} days`];
  if (a.dueDate) parts.push(a.dueDate < today ? `overdue since ${a.dueDate}` : `due ${a.dueDate}`);
  return `${a.text} (${parts.join(', ')})`;
}

function describeObjective(o: SuccessObjective): string {
  const progress = Math.max(0, Math.min(100, Math.round(o.progress)));
  const target = o.targetDate ? `, target ${o.targetDate}` : '';
  return `${o.title}: ${o.status.replace('_', ' ')}, ${progress}% done${target}`;
}
