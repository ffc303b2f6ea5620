/**
 * The measures a health scorecard can weigh, what each one reads, and how a reading becomes a
 * score out of 100 and a colour. Bands follow the GitLab health-score triage: a measure has a
 * "green from" and a "red below" (or, for counts where fewer is better, "green at most" and
 * "red from"), and its score is placed inside the scorecard's own colour bands so a measure's
 * colour and its number always agree.
 */
import type { CalendarDate, HealthColour } from '../model.ts';

export const MEASURE_KEYS = [
  'csm_sentiment',
  'product_sentiment',
  'cadence_adherence',
  'agenda_habit',
  'follow_up_habit',
  'customer_action_items',
  'licence_utilisation',
  'active_users',
  'open_critical_tickets',
  'escalations',
  'active_champion',
  'economic_buyer_access',
] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];

/** A share: `part` of `whole` (calls held of calls due, users active of users billed...). */
export interface Ratio {
  part: number;
  whole: number;
}

export interface LicenceUse {
  used: number;
  bought: number;
  contractStart: CalendarDate;
  /** The contract's end; with it the explanation says "month 9 of 12". */
  renewalDate: CalendarDate | null;
}

/** What each measure reads. A missing or null input is redistributed, never counted as zero. */
export interface MeasureInputs {
  csm_sentiment: HealthColour;
  product_sentiment: HealthColour;
  /** Cadence calls held of those the cadence policy expected over the look-back period. */
  cadence_adherence: Ratio;
  /** Calls whose agenda went out in time, of calls held. */
  agenda_habit: Ratio;
  /** Follow-ups sent within one business day, of calls held. */
  follow_up_habit: Ratio;
  /** Customer-side action items completed, of those due. */
  customer_action_items: Ratio;
  licence_utilisation: LicenceUse;
  /** Active users of billable users. */
  active_users: Ratio;
  open_critical_tickets: number;
  /** Escalations over the look-back period. */
  escalations: number;
  active_champion: boolean;
  economic_buyer_access: boolean;
}
export type HealthInputs = { [K in MeasureKey]?: MeasureInputs[K] | null };

export type MeasureKind = 'colour' | 'ratio' | 'licence' | 'count' | 'flag';

/** Band parameters: ratios are fractions (0.75 = 75 %), counts are whole numbers. */
export interface MeasureParams {
  /** ratio/licence: a share at or above this is green. */
  greenFrom?: number;
  /** ratio/licence: a share below this is red. */
  redBelow?: number;
  /** count: this many or fewer is green. */
  greenAtMost?: number;
  /** count: this many or more is red. */
  redFrom?: number;
  /** licence: months over which the bands ramp up from the contract start. */
  rampMonths?: number;
}

export interface MeasureDefinition {
  key: MeasureKey;
  kind: MeasureKind;
  label: string;
  defaults: MeasureParams;
}

export const MEASURES: Record<MeasureKey, MeasureDefinition> = {
  csm_sentiment: { key: 'csm_sentiment', kind: 'colour', label: 'CSM sentiment', defaults: {} },
  product_sentiment: { key: 'product_sentiment', kind: 'colour', label: 'product sentiment', defaults: {} },
  cadence_adherence: { key: 'cadence_adherence', kind: 'ratio', label: 'cadence adherence', defaults: { greenFrom: 0.9, redBelow: 0.5 } },
  agenda_habit: { key: 'agenda_habit', kind: 'ratio', label: 'agendas sent in advance', defaults: { greenFrom: 0.8, redBelow: 0.4 } },
  follow_up_habit: { key: 'follow_up_habit', kind: 'ratio', label: 'follow-ups within a business day', defaults: { greenFrom: 0.8, redBelow: 0.4 } },
  customer_action_items: { key: 'customer_action_items', kind: 'ratio', label: 'customer action items completed', defaults: { greenFrom: 0.7, redBelow: 0.3 } },
  licence_utilisation: { key: 'licence_utilisation', kind: 'licence', label: 'licence utilisation', defaults: { greenFrom: 0.75, redBelow: 0.1, rampMonths: 6 } },
  active_users: { key: 'active_users', kind: 'ratio', label: 'active users', defaults: { greenFrom: 0.8, redBelow: 0.5 } },
  open_critical_tickets: { key: 'open_critical_tickets', kind: 'count', label: 'open critical tickets', defaults: { greenAtMost: 0, redFrom: 3 } },
  escalations: { key: 'escalations', kind: 'count', label: 'escalations', defaults: { greenAtMost: 0, redFrom: 2 } },
  active_champion: { key: 'active_champion', kind: 'flag', label: 'active champion', defaults: {} },
  economic_buyer_access: { key: 'economic_buyer_access', kind: 'flag', label: 'access to the economic buyer', defaults: {} },
};

export function isMeasureKey(key: string): key is MeasureKey {
  return Object.hasOwn(MEASURES, key);
}

/** Where a colour's band sits on the 0–100 scale: red below `redBelow`, green from `greenFrom`. */
export interface ColourBands {
  greenFrom: number;
  redBelow: number;
}

export interface MeasureReading {
  /** 0–100, rounded to one decimal. */
  score: number;
  colour: HealthColour;
  /** The raw value in a unit people read (a share 0–1, a count, 1/0 for flags). */
  value: number;
  /** Words for the explanation: "3 of 4 expected calls held (1 missed)". */
  detail: string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const pct = (share: number) => `${Math.round(share * 100)}%`;
const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const words = (n: number) => WORDS[n] ?? String(n);

// Scores are kept one decimal inside their band's edges, so a measure's colour and number agree.
const redTop = (b: ColourBands) => Math.max(0, b.redBelow - 0.1);
const yellowTop = (b: ColourBands) => Math.max(b.redBelow, b.greenFrom - 0.1);

/** Higher is better: below `redBelow` red, from `greenFrom` green. */
function colourHigherBetter(v: number, redBelow: number, greenFrom: number): HealthColour {
  return v >= greenFrom ? 'green' : v < redBelow ? 'red' : 'yellow';
}

/** Maps a value onto the scorecard's bands: [0, red) → red band, [red, green) → yellow, [green, top] → green. */
function placeHigherBetter(v: number, redBelow: number, greenFrom: number, top: number, bands: ColourBands): number {
  if (v >= greenFrom) {
    const span = top - greenFrom;
    const t = span > 0 ? Math.min(1, (v - greenFrom) / span) : 1;
    return bands.greenFrom + t * (100 - bands.greenFrom);
  }
  if (v < redBelow) return (Math.max(0, v) / redBelow) * redTop(bands);
  const span = greenFrom - redBelow;
  const t = span > 0 ? (v - redBelow) / span : 0;
  return bands.redBelow + t * (yellowTop(bands) - bands.redBelow);
}

/** Counts where fewer is better: 0 is best; from `redFrom` on the score halves as the count doubles. */
function placeLowerBetter(n: number, greenAtMost: number, redFrom: number, bands: ColourBands): number {
  if (n <= greenAtMost) return 100 - (greenAtMost > 0 ? (n / greenAtMost) * (100 - bands.greenFrom) : 0);
  if (n >= redFrom) return (redTop(bands) * redFrom) / n;
  const t = (n - greenAtMost) / (redFrom - greenAtMost);
  return yellowTop(bands) - t * (yellowTop(bands) - bands.redBelow);
}

const COLOUR_SCORE: Record<HealthColour, number> = { green: 100, yellow: 50, red: 0 };

function colourScore(colour: HealthColour, bands: ColourBands): number {
  // Yellow sits mid-band so a yellow sentiment reads yellow under any scorecard thresholds.
  return colour === 'yellow' ? (bands.redBelow + bands.greenFrom) / 2 : COLOUR_SCORE[colour];
}

/** Whole months from the contract start to `today` (0 in the first month). */
export function contractMonth(contractStart: CalendarDate, today: CalendarDate): number {
  const months = (Number(today.slice(0, 4)) - Number(contractStart.slice(0, 4))) * 12 + Number(today.slice(5, 7)) - Number(contractStart.slice(5, 7));
  const beforeDay = Number(today.slice(8, 10)) < Number(contractStart.slice(8, 10)) ? 1 : 0;
  return Math.max(0, months - beforeDay);
}

/**
 * Reads one measure. Returns null when the input cannot be read (no denominator, nothing
 * bought): such a measure is treated exactly like a missing one.
 */
export function readMeasure<K extends MeasureKey>(key: K, input: MeasureInputs[K], params: MeasureParams, bands: ColourBands, today: CalendarDate): MeasureReading | null {
  return readResolved(MEASURES[key], input, resolveParams(key, params), bands, today);
}

/** The measure's defaults with the scorecard's own bands laid over them (done once per scorecard). */
export function resolveParams(key: MeasureKey, params: MeasureParams): MeasureParams {
  return { ...MEASURES[key].defaults, ...params };
}

/** readMeasure with parameters already resolved: the scoring loop's hot path. */
export function readResolved(def: MeasureDefinition, input: unknown, p: MeasureParams, bands: ColourBands, today: CalendarDate): MeasureReading | null {
  const key = def.key;
  switch (def.kind) {
    case 'colour': {
      const colour = input as HealthColour;
      return { score: colourScore(colour, bands), colour, value: COLOUR_SCORE[colour] / 100, detail: `${def.label} ${colour}` };
    }
    case 'flag': {
      const yes = input as boolean;
      return { score: yes ? 100 : 0, colour: yes ? 'green' : 'red', value: yes ? 1 : 0, detail: yes ? `${def.label}` : `no ${def.label}` };
    }
    case 'count': {
      const n = input as number;
      const greenAtMost = p.greenAtMost ?? 0;
      const redFrom = p.redFrom ?? 1;
      const colour: HealthColour = n <= greenAtMost ? 'green' : n >= redFrom ? 'red' : 'yellow';
      return { score: round1(placeLowerBetter(n, greenAtMost, redFrom, bands)), colour, value: n, detail: `${words(n)} ${def.label}` };
    }
    case 'ratio': {
      const { part, whole } = input as Ratio;
      if (!(whole > 0)) return null;
      const share = Math.min(1, Math.max(0, part / whole));
      const redBelow = p.redBelow ?? 0;
      const greenFrom = p.greenFrom ?? 1;
      const score = round1(placeHigherBetter(share, redBelow, greenFrom, 1, bands));
      return { score, colour: colourHigherBetter(share, redBelow, greenFrom), value: share, detail: ratioDetail(key, part, whole, share) };
    }
    case 'licence': {
      const use = input as LicenceUse;
      if (!(use.bought > 0)) return null;
      const share = Math.min(1, Math.max(0, use.used / use.bought));
      const month = contractMonth(use.contractStart, today) + 1;
      // Early in a contract low use is expected: the bands grow linearly to full height over the ramp.
      const ramp = Math.min(1, month / Math.max(1, p.rampMonths ?? 1));
      const redBelow = (p.redBelow ?? 0) * ramp;
      const greenFrom = (p.greenFrom ?? 1) * ramp;
      const score = round1(placeHigherBetter(share, redBelow, greenFrom, 1, bands));
      const term = use.renewalDate ? Math.max(month, contractMonth(use.contractStart, use.renewalDate)) : null;
      const at = term ? `month ${month} of ${term}` : `month ${month}`;
      return { score, colour: colourHigherBetter(share, redBelow, greenFrom), value: share, detail: `${def.label} ${pct(share)} at ${at}` };
    }
  }
}

function ratioDetail(key: MeasureKey, part: number, whole: number, share: number): string {
  switch (key) {
    case 'cadence_adherence': {
      const missed = Math.max(0, whole - part);
      return `${part} of ${whole} expected calls held${missed > 0 ? ` (${words(missed)} ${missed === 1 ? 'call' : 'calls'} missed)` : ''}`;
    }
    case 'agenda_habit':
      return `agenda sent in advance for ${part} of ${whole} calls`;
    case 'follow_up_habit':
      return `follow-up within a business day for ${part} of ${whole} calls`;
    case 'customer_action_items':
      return `${part} of ${whole} customer action items completed`;
    case 'active_users':
      return `${pct(share)} of billable users active (${part} of ${whole})`;
    default:
      return `${MEASURES[key].label} ${pct(share)}`;
  }
}
