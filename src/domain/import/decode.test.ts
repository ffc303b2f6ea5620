import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from './decode.ts';

const text = 'Name;ARR\nCafé Müller;1.070.000,00 €\n';

describe('a file read in the encoding it was written in', () => {
  it.each([
    ['UTF-8', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8-bom'],
    ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'utf-16le'],
    ['UTF-16 BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]), 'utf-16be'],
    ['UTF-16 LE without a BOM', iconv.encode(text, 'utf-16le'), 'utf-16le'],
    ['Windows-1252 (Excel "CSV (Comma delimited)")', iconv.encode(text, 'windows-1252'), 'windows-1252'],
  ] as const)('%s reads "Café Müller"', (_what, bytes, encoding) => {
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text, encoding });
  });

  it.each([
    ['an Excel workbook renamed .csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), /Excel workbook/],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ'), /PDF/],
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), /binary data/],
    ['an empty file', Buffer.alloc(0), /empty/],
    ['a file of blank lines', Buffer.from('\n\n  \n'), /empty/],
  ])('%s is refused in words', (_what, bytes, message) => {
    const result = decodeCsvBytes(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('one control character in a cell is left for the import to name by line', () => {
    expect(decodeCsvBytes(Buffer.from('external_id,name\nA1,Fine Corp\nA2,Bad\u0000Corp\n')).ok).toBe(true);
  });
});
