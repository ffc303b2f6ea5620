import type { RiskType } from '../model.ts';
import type { People } from './people.ts';
import type { NotesContext, RiskSuggestion, Severity } from './schema.ts';
import { asNote, clipQuote, normalizeSpeech, stripFillers, type Utterance } from './text.ts';

/**
 * A false risk costs a CSM more than a missed one: a "champion leaving" that nobody said sends
 * them chasing a departure that is not happening. So a risk is raised only on explicit evidence,
 * of three kinds: a named person leaving, a named competitor or a consolidation, a budget cut.
 * Talk that merely sounds like it ("moving on to the next slide", "what we have left") is not
 * evidence: each rule needs who or what, and the verb that says it is happening.
 */

/** Who may be the one leaving: an attendee, a capitalised name, or a role the customer relies on. */
const ROLE = String.raw`(?:[Oo]ur|[Mm]y|[Tt]heir|[Tt]he)\s+(?:champion|sponsor|executive sponsor|admin(?:istrator)?|main contact|point of contact|(?:VP|vp|[Dd]irector|[Hh]ead)(?:\s+of\s+\w+)?|CTO|CIO|CISO|boss|manager|team lead|project lead)`;
const NAME = String.raw`(?:[A-Z][a-z]+[A-Za-z]*(?:\s+(?:O'|Mc)?[A-Z][a-z]+)?)`;
const LEAVES = String.raw`(?:(?:is|'s|are|am|'m|(?:might|may|could|will|'ll)\s+be)\s+(?:leaving|moving\s+(?:over\s+)?to\s+(?:another|a\s+new|a\s+different|the\s+parent|our\s+parent|a\s+sister)\s+(?:company|job|role|team|business)|stepping\s+down|retiring|going\s+on\s+(?:parental|maternity|paternity|long[- ]term)\s+leave)|(?:has|have|'s|'ve)\s+(?:resigned|left\s+the\s+company|handed\s+in\s+(?:his|her|their|my)\s+notice|given\s+notice)|resigned|handed\s+in\s+(?:his|her|their|my)\s+notice|(?:'s|is|will\s+be)\s+(?:his|her|their|my)\s+last\s+day)`;
const PERSON_LEAVING = new RegExp(String.raw`\b(${ROLE}|${NAME}|I|he|she)\s*(?:(?:just|also|actually|unfortunately)\s+)?${LEAVES}\b`);
const LAST_DAY = new RegExp(String.raw`\b(${NAME}|${ROLE}|(?:his|her|my))(?:'s)?\s+last\s+day\s+(?:is|will\s+be|here)\b`);
/** "Leaving" that is about the meeting or the room, not a job. */
const NOT_A_JOB = /\bleaving\s+(?:the\s+(?:meeting|call|room|office|building)|(?:it|that|this)\b|early|now|for\s+(?:lunch|the\s+day))/i;

/** Competitor products a CSM hears named; any capitalised name after an evaluation verb counts as well. */
const EVALUATING = new RegExp(
  String.raw`\b(?:(?:[Ww]e(?:'re|\s+are)|[Tt]hey(?:'re|\s+are)|(?:finance|procurement|leadership|management|IT)\s+(?:is|are))\s+(?:now\s+|also\s+|seriously\s+)?(?:evaluating|looking\s+at|trialling|trialing|piloting|comparing\s+(?:you|your\s+\w+)\s+(?:with|to|against))|(?:a|the)\s+(?:trial|pilot|demo|quote|proposal|poc)\s+(?:of|from|with)|(?:moving|switching|migrating)\s+(?:over\s+)?to)\s+(${NAME}(?:\s+[A-Z][A-Za-z]+)?)`,
);
const CONSOLIDATION =
  /\b(?:consolidat(?:e|ing|ion)\s+(?:on(?:to)?|to|into|our|the|tools|vendors|platforms)|standardi[sz](?:e|ing)\s+on\s+[A-Z]\w+|(?:cut|cutting|reduce|reducing)\s+(?:the\s+number\s+of\s+)?(?:tools|vendors)|(?:one|a\s+single)\s+(?:platform|vendor|tool)\s+for\s+(?:everything|all|the\s+whole)|vendor\s+consolidation|tool\s+consolidation)\b/i;
const HIRED_FROM = new RegExp(String.raw`\b(?:new|hired\s+an?|brought\s+in\s+an?)\s+(?:cto|cio|vp|director|head|manager|architect|lead)\b.{0,50}\b(?:came\s+from|from|used\s+to\s+run|brought)\s+(${NAME})`, 'i');
/**
 * A budget cut in its everyday forms: the budget cut, slashed or frozen; spend or seats to be cut
 * ("finance asked us to reduce seats", "cut software spend by fifteen percent"); a freeze on
 * spending or hiring; layoffs. What is cut must be money, seats or licences, never a product's cost
 * ("we need to cut the cost of the case" is design talk).
 */
const SPEND = String.raw`(?:(?:software|tool(?:ing)?|tech|it|saas|vendor|discretionary|new|external|overall|total|annual)\s+)*(?:spend|spending|seats|licen[cs]es|subscriptions)`;
const BUDGET_CUT = new RegExp(
  String.raw`\b(?:budgets?\s+(?:(?:was|were|is|are|has|have|'s|got|is\s+being|are\s+being|will\s+be|has\s+been|have\s+been|'s\s+been|just\s+got|got\s+been)\s+)+(?:cut|slashed|reduced|frozen|halved|trimmed|pulled)|budgets?\s+(?:cuts?|freeze)|(?:cut|cutting|slashed|reduced|halved|trimmed|froze|frozen|freezing|lost|losing|pulled)\s+(?:the\s+|our\s+|my\s+|their\s+)?(?:\w+\s+)?budgets?|(?:spending|spend|hiring|headcount|budget|purchasing)\s+freeze|freez(?:e|es|ing)\s+(?:on\s+)?(?:all\s+)?${SPEND}|(?:reduce|reducing|cut|cutting|trim|trimming|lower|lowering|bring\s+down|cut\s+back\s+on|cutting\s+back\s+on)\s+(?:the\s+number\s+of\s+|our\s+|the\s+)?${SPEND}|cost[- ]cutting|layoffs?)\b`,
  'i',
);
const HEDGE = /\b(?:might|may|maybe|possibly|rumou?r\w*|not sure|could|if\b|considering|thinking about|worst case)\b/i;
const NEGATED = /\b(?:not|no|never|isn't|aren't|won't|wasn't|nobody(?:'s)?|no one(?:'s)?)\b[^.?!]{0,25}$/i;

/** Names that start a sentence but name nobody: "So", "Okay", "Then" and the like. */
const NOT_NAMES = /^(?:So|Okay|Ok|Well|Then|And|But|Yeah|Yes|No|That|This|It|There|Now|Right|Also|Just|Which|What|Who|Everyone|Nobody|Somebody|Someone)$/;

interface Evidence {
  type: RiskType;
  severity: Severity;
  confidence: number;
  /** Who or what the evidence names: the person leaving, the competitor, the budget. */
  about: string;
  text: string;
}

function leaving(said: string, u: Utterance, people: People, recent: readonly Utterance[]): Evidence | null {
  if (NOT_A_JOB.test(said)) return null;
  const m = PERSON_LEAVING.exec(said) ?? LAST_DAY.exec(said);
  if (!m) return null;
  let who = (m[1] ?? '').trim();
  if (NOT_NAMES.test(who)) return null;
  if (NEGATED.test(said.slice(0, m.index))) return null;
  // "I'm leaving" is the speaker; "she's leaving" is whoever was named just before.
  if (/^(?:I|my)$/i.test(who)) who = people.bySpeaker(u.speaker).name;
  else if (/^(?:he|she|his|her)$/i.test(who)) {
    const named = [...recent].reverse().flatMap((r) => people.mentioned(r.text))[0];
    if (!named) return null;
    who = named.name;
  }
  const person = people.find(who) ?? people.mentioned(who)[0];
  const named = person !== undefined || /^[A-Z]/.test(who) || new RegExp(`^${ROLE}$`, 'i').test(who);
  if (!named) return null;
  const hedged = HEDGE.test(said);
  const name = person?.name ?? who;
  return { type: 'champion_leaving', severity: hedged ? 'medium' : 'high', confidence: hedged ? 0.6 : 0.9, about: name, text: `${asNote(name)} is leaving: ${stripFillers(said)}` };
}

function competitor(said: string): Evidence | null {
  const hired = HIRED_FROM.exec(said);
  if (hired && !NOT_NAMES.test(hired[1] ?? '')) return { type: 'competitor_hire', severity: 'medium', confidence: 0.7, about: hired[1] ?? '', text: asNote(stripFillers(said)) };
  const evaluating = EVALUATING.exec(said);
  if (evaluating && !NOT_NAMES.test((evaluating[1] ?? '').split(' ')[0] ?? '') && !NEGATED.test(said.slice(0, evaluating.index))) {
    // "as a fallback if this happens again" conditions the switch, it does not hedge that they are evaluating.
    const hedged = HEDGE.test(said.replace(/\bif\b/gi, ''));
    return { type: 'other', severity: hedged ? 'medium' : 'high', confidence: hedged ? 0.6 : 0.85, about: evaluating[1] ?? '', text: `Evaluating ${evaluating[1]}: ${stripFillers(said)}` };
  }
  const consolidation = CONSOLIDATION.exec(said);
  if (consolidation && !NEGATED.test(said.slice(0, consolidation.index))) {
    const hedged = HEDGE.test(said);
    return { type: 'tool_consolidation', severity: hedged ? 'medium' : 'high', confidence: hedged ? 0.6 : 0.8, about: consolidation[0], text: asNote(stripFillers(said)) };
  }
  return null;
}

function budget(said: string, renewalNear: boolean): Evidence | null {
  const m = BUDGET_CUT.exec(said);
  if (!m || NEGATED.test(said.slice(0, m.index))) return null;
  const hedged = HEDGE.test(said);
  // A cut that reaches the seats or comes with a renewal near is a threat to the contract itself.
  const severe = !hedged && (renewalNear || /\b(?:seats|licen[cs]es|contract|renewal)\b/i.test(said));
  return { type: 'budget', severity: severe ? 'high' : hedged ? 'low' : 'medium', confidence: hedged ? 0.5 : 0.8, about: m[0], text: asNote(stripFillers(said)) };
}

/**
 * Account risks said in the call, typed as Cadence types risks. Only the customer's side (or a
 * speaker of unknown side) is heard: the vendor's own staff talking about their team is not a
 * risk to the account, except when they name a customer attendee as leaving. Severity follows the
 * evidence: stated plainly it is high (medium for a budget cut away from the renewal), hedged
 * ("might be leaving", "there's a rumour") one step lower. One risk per kind and subject.
 */
export function extractRisks(utterances: readonly Utterance[], people: People, context: NotesContext): RiskSuggestion[] {
  const out: (RiskSuggestion & { about: string })[] = [];
  const renewalNear = context.account?.renewalDate !== undefined || utterances.some((u) => /\brenew/i.test(u.text));
  for (const u of utterances) {
    const said = normalizeSpeech(u.text);
    const vendor = people.bySpeaker(u.speaker).side === 'vendor';
    const recent = utterances.slice(Math.max(0, u.index - 4), u.index);
    let found = leaving(said, u, people, recent);
    if (found && vendor && people.find(found.about)?.side !== 'customer') found = null;
    if (!found && !vendor) found = competitor(said) ?? budget(said, renewalNear);
    if (!found) continue;
    const { type, severity, confidence, text } = found;
    // A call's budget is one risk however many ways it is said ("seats cut", "spend frozen"): the plainest saying is its quote.
    const about = type === 'budget' ? 'budget' : found.about;
    const risk = { type, severity, text: clipQuote(text, 200), quote: clipQuote(u.text), at: u.at, confidence, shown: confidence >= 0.5, about };
    const same = out.findIndex((r) => r.type === type && r.about.toLowerCase() === about.toLowerCase());
    if (same < 0) out.push(risk);
    else if (RANK[severity] > RANK[out[same]?.severity ?? 'low']) out[same] = risk;
  }
  return out.map(({ about: _about, ...r }) => r);
}

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** What the vendor promises ("we'll escalate"): an action item, never the customer's request or risk. */
export const VENDOR_PROMISE = /\b(?:I|we)(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to)\b/i;
