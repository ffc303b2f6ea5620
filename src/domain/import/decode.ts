import iconv from 'iconv-lite';

/** The encodings a CSV from a CRM or a spreadsheet arrives in. */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type DecodeResult = { ok: true; text: string; encoding: CsvEncoding } | { ok: false; message: string };

/** Magic numbers of files people save by mistake under a .csv name, and what to tell them. */
const NOT_CSV: { magic: number[]; what: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook or another zip archive (.xlsx): save it as CSV first' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls): save it as CSV first' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive: unpack it first' },
  { magic: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'a SQLite database' },
];

const startsWith = (bytes: Uint8Array, magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);

/**
 * A UTF-16 file without its BOM: most characters of a CSV are ASCII, so every other byte is zero.
 * Answers which half holds the zeros, or null when the bytes do not look like UTF-16.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.7 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.7 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Control characters a text file never holds (tab, CR and LF are fine). */
function controlShare(text: string): number {
  const sample = text.slice(0, 8192);
  if (!sample.length) return 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) control++;
  }
  return control / sample.length;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a file's bytes as text the way spreadsheets and CRMs write them: UTF-8 with or without a
 * BOM, UTF-16 (little or big endian) by its BOM, otherwise Windows-1252 when the bytes are not
 * valid UTF-8 (what Excel's "CSV (Comma delimited)" writes). A file that is not text at all (a
 * workbook, an image, a NUL in the middle) is refused in words, never read as garbage.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { ok: false, message: 'the file is empty' };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return checked(iconv.decode(Buffer.from(bytes.subarray(3)), 'utf-8'), 'utf-8-bom');
  if (startsWith(bytes, [0xff, 0xfe])) return checked(iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return checked(iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), 'utf-16be');
  const kind = NOT_CSV.find((k) => startsWith(bytes, k.magic));
  if (kind) return { ok: false, message: `the file is not CSV text: it looks like ${kind.what}` };
  const bare16 = utf16WithoutBom(bytes);
  if (bare16) return checked(iconv.decode(Buffer.from(bytes), bare16), bare16);
  if (isUtf8(bytes)) return checked(Buffer.from(bytes).toString('utf8'), 'utf-8');
  return checked(iconv.decode(Buffer.from(bytes), 'windows-1252'), 'windows-1252');
}

/**
 * Refuses text that is really binary data: many control characters, or a run of NULs. A stray
 * control character in one cell is not refused here: the import names its line and column.
 */
export function binaryDataMessage(text: string): string | null {
  const binary = (text.length >= 64 && controlShare(text) > 0.05) || text.slice(0, 65536).includes('\u0000\u0000\u0000\u0000');
  return binary ? 'the file is not CSV text: it holds binary data; open it in a spreadsheet and save it as CSV' : null;
}

function checked(text: string, encoding: CsvEncoding): DecodeResult {
  const binary = binaryDataMessage(text);
  if (binary) return { ok: false, message: binary };
  if (text.trim() === '') return { ok: false, message: 'the file is empty' };
  return { ok: true, text, encoding };
}
