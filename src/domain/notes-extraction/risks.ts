import { RISK_SEVERITIES } from '../meeting/meeting.ts';
import type { RiskType } from '../model.ts';
import type { People } from './people.ts';
import type { NotesContext, RiskSuggestion, Severity } from './schema.ts';
import { asNote, clipQuote, stripFillers, type Utterance } from './text.ts';

interface RiskCue {
  type: RiskType;
  pattern: RegExp;
  severity: Severity;
}

/** The signals the CSM handbooks tell a CSM to listen for, by risk type. */
const RISK_CUES: readonly RiskCue[] = [
  {
    type: 'champion_leaving',
    severity: 'high',
    pattern:
      /\b(?:(?:is|am|'m|'s|are)\s+leaving|last day|(?:has|have)\s+left|moving on|resign(?:ed|ing)|stepping down|new (?:job|role|position)|handing (?:it |this )?over|taking (?:a|another) (?:job|role)|parental leave|won't be (?:around|here|your contact))\b/i,
  },
  {
    type: 'tool_consolidation',
    severity: 'high',
    pattern:
      /\b(?:consolidat\w*|standardi[sz](?:e|ing) on|single (?:platform|vendor|tool)|fewer (?:tools|vendors)|rationali[sz]\w*|vendor (?:reduction|review)|cut(?:ting)? (?:down )?(?:on )?(?:tools|vendors)|one platform|tool sprawl|replace (?:you|your (?:tool|product|platform)))\b/i,
  },
  {
    type: 'competitor_hire',
    severity: 'medium',
    pattern:
      /\b(?:(?:new|hired an?|brought in an?) (?:cto|cio|vp|director|head|manager|architect|lead)\b.{0,60}\b(?:from|used to|came from|prefers|loves|brought)\b|competitor|came (?:over )?from (?:github|gitlab|atlassian|jenkins|azure|a competitor))/i,
  },
  {
    type: 'budget',
    severity: 'medium',
    pattern:
      /\b(?:budget (?:cuts?|freeze|frozen|is tight|constraints?|pressure)|(?:cut|cutting|slash\w*) (?:the |our )?budget|cost[- ]cutting|reduce (?:our )?(?:spend|costs?|seats|licen[cs]es)|too expensive|can't afford|price increase|procurement (?:is )?push\w*|downsiz\w*|layoffs?|hiring freeze|spending freeze|fewer (?:seats|licen[cs]es))\b/i,
  },
  {
    type: 'low_adoption',
    severity: 'medium',
    pattern:
      /\b(?:(?:not|isn't|aren't|hasn't|haven't|nobody(?:'s)?|no one(?:'s)?|hardly anyone(?:'s)?) (?:really )?(?:using|use|used|adopted|logging in|rolled out)|low (?:adoption|usage)|adoption is (?:low|slow|stalled)|shelfware|unused (?:seats|licen[cs]es)|only (?:a (?:few|handful)|\d+|one|two|three) (?:of|users|people|teams|seats))\b/i,
  },
  {
    type: 'support_escalation',
    severity: 'high',
    pattern: /\b(?:escalat\w*|sev ?[12]\b|p1\b|outage|(?:been|still) (?:open|waiting|broken|down)\b|weeks? (?:waiting|without)|unacceptable|(?:very|really|so) frustrat\w*|blocker|blocking us|down for (?:hours|days))/i,
  },
  {
    type: 'other',
    severity: 'high',
    pattern:
      /\b(?:(?:not|won't be|may not|might not) renew\w*|cancel\w* (?:the |our )?(?:contract|subscription|renewal)|churn\w*|looking at (?:alternatives|other (?:vendors|options|tools))|evaluat\w* (?:alternatives|other vendors)|rfp|moving away from)\b/i,
  },
];

export const VENDOR_PROMISE = /\b(?:I|we)(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to)\b/i;

const HEDGE = /\b(?:might|may|maybe|possibly|considering|thinking about|rumou?r|not sure|could)\b/i;

/**
 * Spots account risks in what was said, typed as Cadence types risks, with a severity: high
 * signals (a champion leaving, consolidation, an escalation) drop to medium when hedged, and
 * anything said by the vendor side about the vendor ("we'll escalate internally") is weaker than
 * the customer saying it.
 */
export function extractRisks(utterances: readonly Utterance[], people: People, context: NotesContext): RiskSuggestion[] {
  const out: RiskSuggestion[] = [];
  const renewalNear = utterances.some((u) => /\brenew/i.test(u.text)) || context.account?.renewalDate !== undefined;
  for (const u of utterances) {
    // The vendor promising to act ("I'll escalate it") is an action item, not a risk.
    if (people.bySpeaker(u.speaker).side === 'vendor' && VENDOR_PROMISE.test(u.text)) continue;
    for (const cue of RISK_CUES) {
      if (!cue.pattern.test(u.text)) continue;
      if (cue.type === 'champion_leaving' && /\b(?:meeting|call|room)\b/i.test(u.text) && /\bleaving\b/i.test(u.text)) continue;
      let severity: Severity = cue.severity;
      if (HEDGE.test(u.text)) severity = lower(severity);
      if (people.bySpeaker(u.speaker).side === 'vendor') severity = lower(severity);
      if (severity === 'medium' && renewalNear && (cue.type === 'budget' || cue.type === 'low_adoption')) severity = 'high';
      if (out.some((r) => r.type === cue.type && r.quote === clipQuote(u.text))) continue;
      out.push({ type: cue.type, severity, text: asNote(stripFillers(u.text)), quote: clipQuote(u.text), at: u.at });
      break;
    }
  }
  return out;
}

/** One step down the scale (low stays low). */
function lower(s: Severity): Severity {
  return RISK_SEVERITIES[Math.max(0, RISK_SEVERITIES.indexOf(s) - 1)] as Severity;
}
