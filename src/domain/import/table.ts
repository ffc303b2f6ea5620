/** A problem with the file, by the line a spreadsheet shows it on (1 is the first line of the file). */
export interface LineProblem {
  line: number;
  message: string;
}

/** One record of the file as the CSV parser read it; `line` is the line it starts on. */
export interface RawRecord {
  line: number;
  cells: string[];
}

export type Delimiter = ',' | ';' | '\t';

/** The table inside a file: its header, its rows, and the lines around it that were skipped. */
export interface Table {
  header: string[];
  headerLine: number;
  rows: RawRecord[];
  skipped: { line: number; reason: string }[];
  problems: LineProblem[];
}

/** The largest cell a CRM export holds with reason; a bigger one is refused by its line and column. */
export const MAX_CELL_CHARS = 1024 * 1024;
/** The longest column name a mapping can name (mapping.ts). */
export const MAX_HEADER_CHARS = 200;

const DELIMITERS: Delimiter[] = [',', ';', '\t'];

/** Counts each delimiter outside quotes on one line (a quoted cell may hold any of them). */
function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === delimiter) count++;
  }
  return count;
}

/**
 * Guesses the delimiter from the first lines: the one that splits the most lines into the same
 * number of cells (Excel in a German or French locale writes semicolons, some tools tabs).
 */
export function sniffDelimiter(text: string): Delimiter {
  const lines = text
    .slice(0, 64 * 1024)
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 30);
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, delimiter)).filter((n) => n > 0);
    if (!counts.length) continue;
    const freq = new Map<number, number>();
    for (const n of counts) freq.set(n, (freq.get(n) ?? 0) + 1);
    const [width, lines_] = [...freq.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [0, 0];
    // Lines that agree on a width, weighted a little by the width so "a;b,c" picks the richer split.
    const score = lines_ * 100 + width;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** Lines CRMs and spreadsheets write around a report's table: totals, legal notices, who ran it. */
const FOOTERS: { pattern: RegExp; reason: string }[] = [
  { pattern: /^grand totals?\b/i, reason: 'a report footer (totals)' },
  { pattern: /^(sub)?totals?\b/i, reason: 'a report footer (totals)' },
  { pattern: /^\(?\d+ records?\)?$/i, reason: 'a report footer (record count)' },
  { pattern: /^confidential information\b/i, reason: 'a report footer (confidentiality notice)' },
  { pattern: /^(copyright|\(c\)|©)/i, reason: 'a report footer (copyright notice)' },
  { pattern: /all rights reserved\.?$/i, reason: 'a report footer (copyright notice)' },
  { pattern: /^(generated|exported|created|run)( on| by| at)?\b/i, reason: 'a report footer (who ran it)' },
  { pattern: /^filtered by\b/i, reason: 'a report footer (filters)' },
];

const filled = (cells: string[]): string[] => cells.filter((c) => c.trim() !== '');

function footerReason(record: RawRecord): string | null {
  const cells = filled(record.cells);
  if (cells.length !== 1) return null;
  const text = (cells[0] ?? '').trim();
  return FOOTERS.find((f) => f.pattern.test(text))?.reason ?? null;
}

const sizeLabel = (chars: number): string => (chars >= 1024 * 1024 ? `${(chars / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(chars / 1024)} kB`);

/** A column's name for a message: its header, or its position when the header cell is empty. */
export function columnLabel(header: string[], index: number): string {
  const name = header[index]?.trim();
  return name ? `'${name}'` : `column ${index + 1}`;
}

/**
 * Finds the table in a file's records: the header is the first line with two or more cells (a
 * report title above it is skipped), blank lines and report footers ("Grand Totals (20
 * records)", "Confidential Information - Do Not Distribute", "Copyright (c) 2000-2025
 * salesforce.com, inc. All rights reserved.") are skipped and said so, and every other line whose
 * cells do not line up with the header is a problem naming the line.
 */
export function shapeTable(records: RawRecord[]): Table {
  const skipped: Table['skipped'] = [];
  const problems: LineProblem[] = [];
  let h = records.findIndex((r) => filled(r.cells).length >= 2);
  if (h < 0) h = records.findIndex((r) => filled(r.cells).length >= 1);
  const headerRecord = records[h];
  if (!headerRecord) return { header: [], headerLine: 1, rows: [], skipped, problems: [{ line: 1, message: 'the file is empty' }] };
  for (const r of records.slice(0, h)) skipped.push({ line: r.line, reason: filled(r.cells).length ? 'a report title above the header' : 'a blank line' });

  // A header is a column's name: one longer than a mapping may name is a problem, and is cut so the
  // preview can still show the file (a mapping names columns in at most MAX_HEADER_CHARS).
  const header = trimTrailingEmpty(headerRecord.cells).map((c, i) => {
    const name = c.trim();
    if (name.length <= MAX_HEADER_CHARS) return name;
    problems.push({ line: headerRecord.line, message: `column ${i + 1}: the header is ${name.length} characters long; at most ${MAX_HEADER_CHARS} (is this line really the header?)` });
    return name.slice(0, MAX_HEADER_CHARS);
  });
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (!name) return;
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else problems.push({ line: headerRecord.line, message: `the column '${name}' appears twice (columns ${first + 1} and ${i + 1}); rename one` });
  });

  const body = records.slice(h + 1);
  // Past the last line that lines up with the header, one-cell lines are the report's trailer.
  let lastData = -1;
  body.forEach((r, i) => {
    if (filled(r.cells).length >= 2 || r.cells.length === header.length) lastData = i;
  });
  const rows: RawRecord[] = [];
  body.forEach((r, i) => {
    const values = filled(r.cells);
    if (values.length === 0) return skipped.push({ line: r.line, reason: 'a blank line' });
    const footer = footerReason(r);
    if (footer) return skipped.push({ line: r.line, reason: footer });
    if (i > lastData && values.length === 1) return skipped.push({ line: r.line, reason: 'a note below the table' });
    const cells = r.cells.length > header.length ? trimTrailingEmpty(r.cells) : r.cells;
    if (cells.length !== header.length && !(header.length === 1 && cells.length === 1)) {
      problems.push({ line: r.line, message: `${cells.length} cell${cells.length === 1 ? '' : 's'} where the header has ${header.length} columns (is a delimiter inside a cell not quoted?)` });
      return;
    }
    const big = cells.findIndex((c) => c.length > MAX_CELL_CHARS);
    if (big >= 0) {
      problems.push({ line: r.line, message: `column ${columnLabel(header, big)}: the cell is ${sizeLabel(cells[big]?.length ?? 0)}; at most ${sizeLabel(MAX_CELL_CHARS)} a cell` });
      return;
    }
    rows.push({ line: r.line, cells: cells.length < header.length ? [...cells, ...Array<string>(header.length - cells.length).fill('')] : cells });
  });
  if (rows.length === 0 && problems.length === 0) problems.push({ line: headerRecord.line, message: 'the file has a header but no rows under it' });
  return { header, headerLine: headerRecord.line, rows, skipped, problems };
}

function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 1 && (cells[end - 1] ?? '').trim() === '') end--;
  return cells.slice(0, end);
}

/** A quoted cell never closed: the line its quote opened on. */
export class UnclosedQuote extends Error {
  constructor(readonly line: number) {
    super(`a quoted cell that starts on line ${line} is never closed`);
  }
}

/**
 * Reads CSV records (RFC 4180: cells quoted with ", a "" inside a quoted cell is one ", quoted
 * cells may hold the delimiter and line breaks) one at a time, each with the line it starts on,
 * so the caller can let the event loop through between batches. Line breaks are \n (the caller
 * turns \r\n and \r into \n first). A quote inside an unquoted cell is kept as written, as
 * spreadsheets read it. Throws UnclosedQuote for a quote that never closes.
 */
export function* readRecords(text: string, delimiter: Delimiter): Generator<RawRecord> {
  const d = delimiter.charCodeAt(0);
  const QUOTE = 34;
  const NL = 10;
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        let cell = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) throw new UnclosedQuote(start);
          cell += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            cell += '"';
            from = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        // Text after the closing quote (`"a"b`) is kept, as spreadsheets do.
        let j = i;
        while (j < n && text.charCodeAt(j) !== d && text.charCodeAt(j) !== NL) j++;
        if (j > i) cell += text.slice(i, j);
        i = j;
        for (let k = cell.indexOf('\n'); k >= 0; k = cell.indexOf('\n', k + 1)) line++;
        cells.push(cell);
      } else {
        let j = i;
        while (j < n && text.charCodeAt(j) !== d && text.charCodeAt(j) !== NL) j++;
        cells.push(text.slice(i, j));
        i = j;
      }
      if (i >= n) break;
      if (text.charCodeAt(i) === d) {
        i++;
        if (i >= n) {
          cells.push('');
          break;
        }
        continue;
      }
      // A line break ends the record.
      i++;
      line++;
      break;
    }
    yield { line: start, cells };
  }
}
