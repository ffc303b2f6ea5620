import { binaryDataMessage, decodeCsvBytes, type CsvEncoding } from '../../domain/import/decode.ts';
import { UnclosedQuote, readRecords, shapeTable, sniffDelimiter, type Delimiter, type LineProblem, type RawRecord, type Table } from '../../domain/import/table.ts';

export interface ReadFile {
  encoding: CsvEncoding;
  delimiter: Delimiter;
  table: Table;
}

/** Records read between two turns of the event loop. */
const BATCH = 2000;

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Reads an uploaded file as it comes: bytes in any of the encodings spreadsheets write (or text
 * already decoded), the delimiter sniffed, the records read in batches so a 10 MB file never
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
  try {
    let n = 0;
    for (const record of readRecords(text, delimiter)) {
      records.push(record);
      if (++n % BATCH === 0) await yieldToEventLoop();
    }
  } catch (err) {
    if (err instanceof UnclosedQuote) return { ok: false, problems: [{ line: err.line, message: 'a quoted cell that starts here is never closed (a " is missing)' }] };
    throw err;
  }
  return { ok: true, file: { encoding, delimiter, table: shapeTable(records) } };
}
