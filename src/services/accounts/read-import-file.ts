import { parse } from 'csv-parse';
import { binaryDataMessage, decodeCsvBytes, type CsvEncoding } from '../../domain/import/decode.ts';
import { shapeTable, sniffDelimiter, type Delimiter, type LineProblem, type RawRecord, type Table } from '../../domain/import/table.ts';

export interface ReadFile {
  encoding: CsvEncoding;
  delimiter: Delimiter;
  table: Table;
}

/** The text is handed to the parser in slices this big, the event loop let through between them. */
const SLICE = 256 * 1024;

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const PARSE_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell that starts here is never closed (a " is missing)',
  CSV_INVALID_CLOSING_QUOTE: 'a quote inside a cell is not doubled ("" inside a quoted cell)',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows the closing quote of a cell',
};

/**
 * Reads an uploaded file as it comes: bytes in any of the encodings spreadsheets write (or text
 * already decoded), the delimiter sniffed, the records parsed in slices so a 10 MB file never
 * holds the event loop for long, and the table found among report titles and footers.
 * Answers the problems of a file that cannot be read, each with its line.
 */
export async function readImportFile(source: string | Uint8Array): Promise<{ ok: true; file: ReadFile } | { ok: false; problems: LineProblem[] }> {
  let text: string;
  let encoding: CsvEncoding;
  if (typeof source === 'string') {
    const binary = binaryDataMessage(source);
    if (binary) return { ok: false, problems: [{ line: 1, message: binary }] };
    encoding = source.startsWith('\ufeff') ? 'utf-8-bom' : 'utf-8';
    text = source.replace(/^\ufeff/, '');
    if (text.trim() === '') return { ok: false, problems: [{ line: 1, message: 'the file is empty' }] };
  } else {
    const decoded = decodeCsvBytes(source);
    if (!decoded.ok) return { ok: false, problems: [{ line: 1, message: decoded.message }] };
    ({ text, encoding } = decoded);
  }
  // One line ending throughout: the parser counts lines by the first one it meets.
  text = text.replace(/\r\n?/g, '\n');
  const delimiter = sniffDelimiter(text);
  const records: RawRecord[] = [];
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, info: true, skip_empty_lines: false, max_record_size: 0 });
  let failure: LineProblem | null = null;
  parser.on('readable', () => {
    let r: { record: string[]; info: { lines: number } } | null;
    while ((r = parser.read() as typeof r) !== null) {
      const breaks = r.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
      records.push({ line: r.info.lines - breaks, cells: r.record });
    }
  });
  const done = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', (err: Error & { code?: string; lines?: number }) => {
      const last = records[records.length - 1];
      const line = err.code === 'CSV_QUOTE_NOT_CLOSED' && last ? last.line + 1 + (last.cells.join('').match(/\n/g)?.length ?? 0) : (err.lines ?? 1);
      failure = { line, message: PARSE_ERRORS[err.code ?? ''] ?? 'the file is not valid CSV here' };
      resolve();
    });
  });
  for (let i = 0; i < text.length && !failure;) {
    let end = Math.min(i + SLICE, text.length);
    // Never split a surrogate pair: the parser would read each half as a broken character.
    if (end < text.length && /[\ud800-\udbff]/.test(text.charAt(end - 1))) end--;
    parser.write(text.slice(i, end));
    i = end;
    await yieldToEventLoop();
  }
  if (!failure) parser.end();
  await done;
  if (failure) return { ok: false, problems: [failure] };
  return { ok: true, file: { encoding, delimiter, table: shapeTable(records) } };
}
