/**
 * When renewal and licence use belong on the agenda (the handbook: be aware of an upcoming
 * renewal; discuss low use in the second half of the contract; warn and loop in the AE when use
 * is near or above the purchased amount), and the internal-only facts the CSM preps with.
 */
import { licenceUse, type Account, type CalendarDate } from '../model.ts';
import { addMonths, daysBetween } from '../calendar/business-calendar.ts';
import { formatHealthScore } from '../health/score.ts';
import { formatDate } from '../calendar/meeting-dates.ts';

export type CommercialAccount = Pick<Account, 'renewalDate' | 'contractStartDate' | 'licencesBought' | 'licencesUsed' | 'arr' | 'healthColour' | 'healthScore'>;

/** How far ahead a renewal is worth raising: two quarters. */
export const RENEWAL_HORIZON_MONTHS = 6;
export const LOW_LICENCE_USE = 0.5;
export const NEAR_LICENCE_CAP = 0.95;

export interface RenewalNotice {
  renewalDate: CalendarDate;
  daysLeft: number;
  text: string;
}

/** The renewal, when it falls within the next two quarters. */
export function renewalNotice(account: CommercialAccount, today: CalendarDate): RenewalNotice | null {
  const renewal = account.renewalDate;
  if (!renewal || renewal < today || renewal > addMonths(today, RENEWAL_HORIZON_MONTHS)) return null;
  const daysLeft = daysBetween(today, renewal);
  return { renewalDate: renewal, daysLeft, text: `Renewal on ${formatDate(renewal)} (in ${daysLeft} days): plans and timeline` };
}

/**
 * `text` is what the customer reads (an open question about their plans); `prepNote` is the CSM's
 * talking point with the figures; `internalText` is the internal prep line near the cap.
 */
export type LicenceSignal =
  { kind: 'low'; used: number; bought: number; ratio: number; text: string; prepNote: string } | { kind: 'near_cap'; used: number; bought: number; ratio: number; text: string; prepNote: string; internalText: string };

/**
 * Licence use worth discussing: low use once the contract is past its midpoint (without a start
 * date the contract is taken to be a year), or use at or above 95% of what was bought.
 */
export function licenceSignal(account: CommercialAccount, today: CalendarDate): LicenceSignal | null {
  const ratio = licenceUse(account);
  if (ratio === null) return null;
  const bought = account.licencesBought ?? 0;
  const used = account.licencesUsed ?? 0;
  const pct = Math.round(ratio * 100);
  if (ratio >= NEAR_LICENCE_CAP) {
    const where = used > bought ? 'above' : 'close to';
    return {
      kind: 'near_cap',
      used,
      bought,
      ratio,
      text: 'Your growth plans: how many more people will use the product in the coming months?',
      prepNote: `Licence use: ${used} of ${bought} seats (${pct}%), ${where} the purchased amount: growth plans`,
      internalText: `Licence use is at ${pct}% (${used}/${bought}): loop in the AE before the call`,
    };
  }
  if (ratio < LOW_LICENCE_USE && inSecondHalf(account, today)) {
    return {
      kind: 'low',
      used,
      bought,
      ratio,
      text: 'Roll-out: which teams are next, and what would help them get started?',
      prepNote: `Licence use: ${used} of ${bought} seats (${pct}%) in the second half of the contract: trends and expected roll-out`,
    };
  }
  return null;
}

function inSecondHalf(account: CommercialAccount, today: CalendarDate): boolean {
  const end = account.renewalDate;
  if (!end) return false;
  const start = account.contractStartDate ?? addMonths(end, -12);
  const length = daysBetween(start, end);
  if (length <= 0) return false;
  return daysBetween(start, today) * 2 >= length && today <= end;
}

/** Facts for the CSM's eyes only: health and ARR never reach the customer's copy. */
export function internalFacts(account: CommercialAccount): { key: string; text: string }[] {
  const facts: { key: string; text: string }[] = [];
  if (account.healthColour) {
    const score = account.healthScore === null ? '' : ` (${formatHealthScore(account.healthScore)})`;
    facts.push({ key: 'health', text: `Health: ${account.healthColour}${score}` });
  }
  if (account.arr !== null) {
    const renewal = account.renewalDate ? `, renews ${formatDate(account.renewalDate)}` : '';
    facts.push({ key: 'arr', text: `ARR ${formatMoney(account.arr)}${renewal}` });
  }
  return facts;
}

export function formatMoney(amount: number): string {
  return `$${Math.round(amount).toLocaleString('en-US')}`;
}
