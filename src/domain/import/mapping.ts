import { z } from 'zod';
import { controlCharacterIn, controlCharacterMessage } from '../validation.ts';
import { CONTACT_ROLES, CONTACT_STATUSES, DEPLOYMENTS, SEGMENTS, STAGES } from '../model.ts';
import { IGNORE, IGNORED_HEADERS, TAG, synonymOf, targetsFor, type ImportKind, type TargetField } from './fields.ts';
import { PRESET_NAMES, PRESETS, presetFor, type PresetName } from './presets.ts';
import type { LineProblem, RawRecord } from './table.ts';
import { keyOf, looksLikeDomain, looksLikeEmail, normaliseDomain, parseDate, parseMoney, parseYesNo } from './values.ts';

/**
 * A column mapping: which column of the file fills which Cadence field, how values are read, and
 * what fills a field no column gives. Saved as JSON (`--save-mapping`) and reused (`--mapping`).
 */
export const ImportMappingSchema = z
  .strictObject({
    kind: z.enum(['accounts', 'contacts']).describe('What the file holds'),
    preset: z.enum(PRESET_NAMES).optional().describe('The export this mapping started from'),
    columns: z
      .record(z.string().min(1).max(200), z.string().min(1).max(50))
      .describe("Each column of the file (its header, as written) → a Cadence field (see `fields` in the preview), 'tag' (the value becomes a tag column:value) or 'ignore'"),
    values: z
      .strictObject({
        segment: z.record(z.string().max(200), z.enum(SEGMENTS)).optional(),
        stage: z.record(z.string().max(200), z.enum(STAGES)).optional(),
        deployment: z.record(z.string().max(200), z.enum(DEPLOYMENTS)).optional(),
        role: z.record(z.string().max(200), z.enum(CONTACT_ROLES)).optional(),
        status: z.record(z.string().max(200), z.enum(CONTACT_STATUSES)).optional(),
        owner: z.record(z.string().max(200), z.email().max(254)).optional().describe("An owner as the file writes it (a name) → a Cadence user's email"),
      })
      .default({})
      .describe('Values of the file → Cadence values, over the built-in synonyms ("Customer - Direct" → adoption)'),
    defaults: z
      .strictObject({ segment: z.enum(SEGMENTS).optional(), stage: z.enum(STAGES).optional(), deployment: z.enum(DEPLOYMENTS).optional(), timezone: z.string().max(64).optional() })
      .default({})
      .describe('What a new record gets when no column (or an empty cell) gives the field'),
    dateOrder: z.enum(['mdy', 'dmy']).default('mdy').describe('How 03/04/2026 reads: mdy (4 March, US) or dmy (3 April)'),
    strict: z.boolean().default(false).describe("A column the mapping does not name is refused (Cadence's own format) instead of becoming a tag"),
  })
  .meta({ id: 'ImportMapping' });
export type ImportMapping = z.output<typeof ImportMappingSchema>;
export type ImportMappingInput = z.input<typeof ImportMappingSchema>;

/** Why a column went where it went, for the mapping screen. */
export type MappingReason = 'mapping' | 'preset' | 'name' | 'content' | 'unmapped';

export interface ColumnProposal {
  column: string;
  target: string;
  reason: MappingReason;
  /** In words: "by its name", "its values look like emails". */
  note: string;
}

export interface Proposal {
  mapping: ImportMapping;
  preset: PresetName | null;
  columns: ColumnProposal[];
  problems: LineProblem[];
}

const SAMPLE = 50;

/** Which preset a header is, if any: Cadence's own by its external_id column, the others when most of their columns are there. */
export function detectPreset(header: string[], kind: ImportKind): PresetName | null {
  if (header.includes('external_id')) return 'cadence';
  const keys = new Set(header.map(keyOf));
  let best: { name: PresetName; share: number } | null = null;
  for (const name of PRESET_NAMES) {
    const preset = presetFor(name, kind);
    if (!preset || name === 'cadence') continue;
    const cols = Object.keys(preset.columns);
    const share = cols.filter((c) => keys.has(keyOf(c))).length / cols.length;
    if (share >= 0.7 && (!best || share > best.share)) best = { name, share };
  }
  return best?.name ?? null;
}

function byName(header: string, targets: Record<string, TargetField>): string | undefined {
  const key = keyOf(header);
  if (targets[header]) return header;
  return Object.entries(targets).find(([name, t]) => keyOf(name) === key || t.synonyms.some((s) => keyOf(s) === key))?.[0];
}

function share(values: string[], test: (v: string) => boolean): number {
  return values.length ? values.filter(test).length / values.length : 0;
}

/** What a column's values look like, when its name says nothing. */
function byContent(values: string[], kind: ImportKind, taken: Set<string>): { target: string; note: string } | undefined {
  if (!values.length) return undefined;
  if (share(values, looksLikeEmail) >= 0.8) {
    const target = kind === 'accounts' ? 'owner' : 'email';
    if (!taken.has(target)) return { target, note: 'its values look like email addresses' };
  }
  if (share(values, looksLikeDomain) >= 0.8 && kind === 'accounts' && !taken.has('domain')) return { target: 'domain', note: 'its values look like web domains' };
  if (kind === 'accounts' && share(values, (v) => /[$€£¥]/.test(v) && parseMoney(v) !== null) >= 0.8 && !taken.has('arr') && !taken.has('mrr')) return { target: 'arr', note: 'its values look like amounts of money' };
  if (kind === 'accounts' && share(values, (v) => parseDate(v) !== null) >= 0.8) return { target: IGNORE, note: 'its values are dates, and its name does not say which date: map it by hand (renewal_date, contract_start_date)' };
  return undefined;
}

/**
 * Proposes a mapping for a file: a saved mapping's columns first, then the preset's (named, or
 * detected from the header), then each remaining column by its name, then by what its values
 * look like (emails, domains, money, dates). Columns left over become tags in an accounts file
 * (when they hold few distinct, short values) or are ignored. A field is given by one column only.
 */
export function proposeMapping(kind: ImportKind, header: string[], rows: RawRecord[], options: { preset?: PresetName; mapping?: ImportMapping; headerLine?: number } = {}): Proposal {
  const headerLine = options.headerLine ?? 1;
  const targets = targetsFor(kind);
  const problems: LineProblem[] = [];
  const presetName = options.preset ?? options.mapping?.preset ?? (options.mapping ? null : detectPreset(header, kind));
  const preset = presetName ? presetFor(presetName, kind) : undefined;
  if (presetName && !preset) problems.push({ line: headerLine, message: `there is no ${presetName} preset for ${kind}` });
  const presetColumns = new Map(Object.entries(preset?.columns ?? {}).map(([c, t]) => [keyOf(c), t]));
  const strict = options.mapping?.strict ?? preset?.strict ?? false;
  const taken = new Set<string>();
  const columns: ColumnProposal[] = [];
  const take = (column: string, target: string, reason: MappingReason, note: string) => {
    if (target !== TAG && target !== IGNORE) taken.add(target);
    columns.push({ column, target, reason, note });
  };

  header.forEach((column, i) => {
    if (!column) return;
    const saved = options.mapping?.columns[column];
    if (saved) return take(column, saved, 'mapping', 'the saved mapping says so');
    const fromPreset = presetColumns.get(keyOf(column));
    if (fromPreset) return take(column, fromPreset, 'preset', `the ${preset?.label ?? 'preset'} has it`);
    if (strict) return take(column, IGNORE, 'unmapped', 'not a column of this format');
    const named = byName(column, targets);
    if (named && !taken.has(named)) return take(column, named, 'name', 'by its name');
    if (IGNORED_HEADERS.includes(keyOf(column))) return take(column, IGNORE, 'name', 'a timestamp the export adds');
    const values = rows
      .slice(0, SAMPLE * 4)
      .map((r) => (r.cells[i] ?? '').trim())
      .filter(Boolean)
      .slice(0, SAMPLE);
    const content = byContent(values, kind, taken);
    if (content) return take(column, content.target, 'content', content.note);
    const distinct = new Set(values.map((v) => v.toLowerCase()));
    const taggable = kind === 'accounts' && values.length > 0 && distinct.size <= Math.max(20, values.length / 5) && values.every((v) => v.length <= 40);
    take(column, taggable ? TAG : IGNORE, 'unmapped', taggable ? 'not a Cadence field; its values become tags' : 'not a Cadence field');
  });

  const mapping: ImportMapping = {
    kind,
    ...(presetName && preset ? { preset: presetName } : {}),
    columns: Object.fromEntries(columns.map((c) => [c.column, c.target])),
    values: options.mapping?.values ?? {},
    defaults: options.mapping?.defaults ?? {},
    dateOrder: options.mapping?.dateOrder ?? 'mdy',
    strict,
  };
  // A saved mapping naming a column the file lacks is the file's problem to report, never skipped in silence.
  const missing = options.mapping
    ? checkMapping({ ...options.mapping, columns: Object.fromEntries(Object.entries(options.mapping.columns).filter(([c]) => !header.includes(c))) }, header, headerLine).filter((p) => p.message.startsWith('the mapping names'))
    : [];
  problems.push(...missing, ...checkMapping(mapping, header, headerLine));
  if (strict) {
    const unknown = header.filter((h) => h && mapping.columns[h] === IGNORE && !Object.keys(preset?.columns ?? options.mapping?.columns ?? {}).includes(h));
    if (unknown.length) problems.push({ line: headerLine, message: `unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (expected ${Object.keys(preset?.columns ?? {}).join(', ')})` });
  }
  return { mapping, preset: preset ? presetName : null, columns, problems };
}

/** Checks a mapping against a header: every column it names is there, every target is a field, a field comes from one column, and the record can be found again. */
export function checkMapping(mapping: ImportMapping, header: string[], headerLine: number): LineProblem[] {
  const targets = targetsFor(mapping.kind);
  const problems: LineProblem[] = [];
  const present = new Set(header);
  const by = new Map<string, string[]>();
  for (const [column, target] of Object.entries(mapping.columns)) {
    if (!present.has(column)) {
      if (target !== IGNORE) problems.push({ line: headerLine, message: `the mapping names the column '${column}', which the file does not have (its columns: ${header.filter(Boolean).join(', ')})` });
      continue;
    }
    if (target === TAG && mapping.kind === 'contacts') {
      problems.push({ line: headerLine, message: `contacts have no tags: map '${column}' to a field or to ignore` });
      continue;
    }
    if (target === IGNORE || target === TAG) continue;
    if (!targets[target]) {
      problems.push({ line: headerLine, message: `the mapping sends '${column}' to '${target}', which is not a field of ${mapping.kind} (fields: ${Object.keys(targets).join(', ')}, tag, ignore)` });
      continue;
    }
    by.set(target, [...(by.get(target) ?? []), column]);
  }
  for (const [target, cols] of by) if (cols.length > 1) problems.push({ line: headerLine, message: `the columns ${cols.map((c) => `'${c}'`).join(' and ')} both give ${target}; map one of them to ignore` });
  if (by.has('arr') && by.has('mrr')) problems.push({ line: headerLine, message: `both ARR ('${by.get('arr')?.[0] ?? ''}') and MRR ('${by.get('mrr')?.[0] ?? ''}') are mapped; keep one` });
  if (mapping.kind === 'accounts' && !by.has('name')) problems.push({ line: headerLine, message: "no column gives the account's name; map one to name" });
  if (mapping.kind === 'contacts') {
    if (!by.has('name') && !by.has('first_name') && !by.has('last_name')) problems.push({ line: headerLine, message: "no column gives the contact's name; map one to name (or first_name and last_name)" });
    if (!by.has('account_external_id') && !by.has('account_name') && !by.has('email'))
      problems.push({ line: headerLine, message: "no column finds the contact's account; map one to account_external_id, account_name or email (matched by its domain)" });
  }
  return problems;
}

/** One row in Cadence's terms: API fields, plus the keys the import finds records by. */
export interface MappedRow {
  line: number;
  input: Record<string, unknown>;
  externalId: string | null;
  /** As the file writes it: an email, or a name the service looks up among users. */
  owner: string | null;
  domain: string | null;
  accountName: string | null;
  /** Each API field → the column it came from, for messages. */
  columnOf: Record<string, string>;
}

/** A cell our export prefixed with a quote so a spreadsheet shows it as text ("'=SUM(A1)") reads back as written. */
const unneutralise = (cell: string): string => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

const tagOf = (column: string, value: string): string => `${keyOf(column).slice(0, 20)}:${value.trim().toLowerCase().replace(/\s+/g, '-')}`.slice(0, 50);

/**
 * Reads one row through a mapping into API fields, collecting every bad cell of the line with
 * its column ("Renewal Date '2025-13-01' is not a date (YYYY-MM-DD)"). An empty cell clears a
 * field that may be empty and leaves any other as it is; a new record gets the mapping's defaults.
 */
export function mapRow(mapping: ImportMapping, header: string[], row: RawRecord, problems: LineProblem[]): MappedRow | null {
  const targets = targetsFor(mapping.kind);
  const out: MappedRow = { line: row.line, input: {}, externalId: null, owner: null, domain: null, accountName: null, columnOf: {} };
  const tags: string[] = [];
  let ok = true;
  const bad = (message: string) => {
    problems.push({ line: row.line, message });
    ok = false;
  };
  let first = '';
  let last = '';
  header.forEach((column, i) => {
    const target = mapping.columns[column];
    if (!target || target === IGNORE) return;
    const raw = unneutralise(row.cells[i] ?? '');
    const control = controlCharacterIn(raw);
    if (control) return bad(`${column} ${controlCharacterMessage(control)}`);
    const text = raw.trim();
    if (target === TAG) {
      if (text) tags.push(tagOf(column, text));
      return;
    }
    const spec = targets[target];
    if (!spec) return;
    if (spec.field) out.columnOf[spec.field] = column;
    if (target === 'first_name') first = text;
    if (target === 'last_name') last = text;
    if (text === '') {
      if (spec.field && spec.nullable) out.input[spec.field] = null;
      return;
    }
    const value = readValue(mapping, target, spec, column, text, bad);
    if (value === undefined) return;
    if (target === 'external_id') out.externalId = String(value);
    if (target === 'owner') out.owner = String(value);
    else if (target === 'domain') out.domain = String(value);
    else if (target === 'account_name') out.accountName = String(value);
    if (spec.field && target !== 'owner') out.input[spec.field] = value;
    if (target === 'owner') out.input.ownerId = value;
  });
  if (first || last) {
    if (out.input.name === undefined) out.input.name = [first, last].filter(Boolean).join(' ');
    out.columnOf.name ??= header.find((h) => mapping.columns[h] === 'first_name' || mapping.columns[h] === 'last_name') ?? 'name';
  }
  if (tags.length) out.input.tags = [...new Set([...((out.input.tags as string[] | undefined) ?? []), ...tags])];
  return ok ? out : null;
}

function readValue(mapping: ImportMapping, target: string, spec: TargetField, column: string, text: string, bad: (m: string) => void): unknown {
  switch (spec.kind) {
    case 'text':
      return text;
    case 'money': {
      const n = parseMoney(text);
      if (n === null) return bad(`${column} '${text}' is not a number`);
      return target === 'mrr' ? Math.round(n * 12 * 100) / 100 : n;
    }
    case 'integer': {
      const n = parseMoney(text);
      if (n === null) return bad(`${column} '${text}' is not a number`);
      if (!Number.isInteger(n)) return bad(`${column} '${text}' is not a whole number`);
      return n;
    }
    case 'date': {
      const d = parseDate(text, mapping.dateOrder);
      if (!d) return bad(`${column} '${text}' is not a date (YYYY-MM-DD)`);
      return d;
    }
    case 'boolean': {
      const b = parseYesNo(text);
      if (b === null) return bad(`${column} '${text}' is not true or false`);
      return b;
    }
    case 'list':
      return text
        .split(/[;|]/)
        .map((t) => t.trim())
        .filter(Boolean);
    case 'email':
      return text;
    case 'domain': {
      const domain = normaliseDomain(text.includes('@') ? (text.split('@')[1] ?? '') : text);
      if (!looksLikeDomain(domain)) return bad(`${column} '${text}' is not a web domain`);
      return domain;
    }
    case 'owner': {
      const saved = mapping.values.owner?.[text];
      return saved ?? text;
    }
    case 'enum': {
      const own = (mapping.values as Record<string, Record<string, string> | undefined>)[target];
      // A multi-valued cell (Vitally's "Enterprise, EMEA") gives the first part that means something.
      const parts = [text, ...text.split(/[,;|]/).map((p) => p.trim())];
      for (const part of parts) {
        // Cadence's own format writes its own values: there a synonym is a typo to report, not to guess.
        const value = own?.[part] ?? (spec.values?.includes(part) ? part : mapping.strict ? undefined : synonymOf(target, part));
        if (value) return value;
      }
      return bad(`${column} '${text}' is not a Cadence ${spec.label.toLowerCase()} (${(spec.values ?? []).join(', ')}); map it under values.${target}`);
    }
  }
}

/** The built-in presets, for a mapping screen: name, label and the header each expects. */
export function listPresets(kind: ImportKind): { name: PresetName; label: string; columns: string[] }[] {
  return PRESET_NAMES.flatMap((name) => {
    const preset = PRESETS[name][kind];
    return preset ? [{ name, label: preset.label, columns: Object.keys(preset.columns) }] : [];
  });
}

/**
 * A refused mapping (or import request) in words, with the path of the field: "mapping.kind must
 * be one of accounts, contacts", "columns.Name must be text", never the validator's own phrasing.
 */
export function describeRequestIssue(error: z.ZodError, prefix = ''): { field: string; message: string } {
  const issue = error.issues[0];
  const field = `${prefix}${issue?.path.map(String).join('.') ?? ''}`.replace(/\.$/, '') || 'body';
  if (!issue) return { field, message: `${field} is not valid` };
  if (issue.code === 'unrecognized_keys')
    return { field: issue.keys[0] ? `${prefix}${[...issue.path, issue.keys[0]].join('.')}` : field, message: `${field === 'body' ? '' : `${field}: `}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` };
  if (issue.code === 'invalid_value') return { field, message: `${field} must be one of ${issue.values.map(String).join(', ')}` };
  if (issue.code === 'invalid_type')
    return {
      field,
      message: /received undefined$/.test(issue.message)
        ? `${field} is required`
        : `${field} must be ${issue.expected === 'string' ? 'text' : issue.expected === 'record' || issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`,
    };
  if (issue.code === 'invalid_format') return { field, message: `${field} is not a valid ${issue.format === 'email' ? 'email address' : issue.format}` };
  if (issue.code === 'too_big' || issue.code === 'too_small') return { field, message: `${field} is too ${issue.code === 'too_big' ? 'long' : 'short'}` };
  return { field, message: `${field} is not valid` };
}
