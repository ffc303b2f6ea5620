import { describe, expect, it } from 'vitest';
import { UnclosedQuote, readRecords, shapeTable, sniffDelimiter, type RawRecord } from './table.ts';

const records = (lines: string[][]): RawRecord[] => lines.map((cells, i) => ({ line: i + 1, cells }));

describe('the delimiter, sniffed', () => {
  it.each([
    ['Name,ARR,Stage\nAcme,100,steady\n', ','],
    ['Name;ARR;Stage\nAcme;"1,5";steady\n', ';'],
    ['Name\tARR\tStage\nAcme\t100\tsteady\n', '\t'],
    ['"Name, legal";ARR\n"Acme, Inc.";100\n"Globex, Ltd";200\n', ';'],
    ['Name\nAcme\n', ','],
  ])('%j splits by %j', (text, delimiter) => expect(sniffDelimiter(text)).toBe(delimiter));
});

describe('the table inside a report', () => {
  it("skips a Salesforce report's title, blank lines and footer, saying why", () => {
    const table = shapeTable(
      records([
        ['Accounts by owner'],
        [''],
        ['Account ID', 'Account Name', 'Annual Revenue'],
        ['001A', 'Globex', '$1,070,000.00'],
        ['001B', 'Initech', '$50,000.00'],
        [''],
        ['Grand Totals (2 records)'],
        [''],
        ['Confidential Information - Do Not Distribute'],
        [''],
        ['Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.'],
      ]),
    );
    expect(table.header).toEqual(['Account ID', 'Account Name', 'Annual Revenue']);
    expect(table.headerLine).toBe(3);
    expect(table.rows.map((r) => r.line)).toEqual([4, 5]);
    expect(table.problems).toEqual([]);
    expect(table.skipped).toEqual([
      { line: 1, reason: 'a report title above the header' },
      { line: 2, reason: 'a blank line' },
      { line: 6, reason: 'a blank line' },
      { line: 7, reason: 'a report footer (totals)' },
      { line: 8, reason: 'a blank line' },
      { line: 9, reason: 'a report footer (confidentiality notice)' },
      { line: 10, reason: 'a blank line' },
      { line: 11, reason: 'a report footer (copyright notice)' },
    ]);
  });

  it('names a duplicate header, a row that does not line up and a 5 MB cell, by line and column', () => {
    const table = shapeTable(
      records([
        ['ID', 'Name', 'name'],
        ['1', 'Acme', 'x'],
        ['2', 'Globex'],
        ['3', 'x'.repeat(5 * 1024 * 1024), 'y'],
      ]),
    );
    expect(table.problems).toEqual([
      { line: 1, message: "the column 'name' appears twice (columns 2 and 3); rename one" },
      { line: 3, message: '2 cells where the header has 3 columns (is a delimiter inside a cell not quoted?)' },
      { line: 4, message: "column 'Name': the cell is 5.0 MB; at most 1.0 MB a cell" },
    ]);
  });

  it('a header alone says there are no rows; an empty file says it is empty', () => {
    expect(shapeTable(records([['ID', 'Name']])).problems).toEqual([{ line: 1, message: 'the file has a header but no rows under it' }]);
    expect(shapeTable(records([['']])).problems).toEqual([{ line: 1, message: 'the file is empty' }]);
  });

  it('a header cell longer than a mapping may name is a problem on line 1, and is cut to that length', () => {
    const table = shapeTable(
      records([
        ['x'.repeat(102_400), 'Name'],
        ['1', 'Acme'],
      ]),
    );
    expect(table.problems).toEqual([{ line: 1, message: 'column 1: the header is 102400 characters long; at most 200 (is this line really the header?)' }]);
    expect(table.header[0]).toHaveLength(200);
  });

  it("Excel's trailing empty cells are not columns", () => {
    const table = shapeTable(
      records([
        ['ID', 'Name', '', ''],
        ['1', 'Acme', '', ''],
      ]),
    );
    expect(table.header).toEqual(['ID', 'Name']);
    expect(table.rows).toEqual([{ line: 2, cells: ['1', 'Acme'] }]);
  });
});

describe('records read as spreadsheets write them', () => {
  const read = (text: string, d: ',' | ';' = ',') => [...readRecords(text, d)];

  it('quoted cells hold delimiters, doubled quotes and line breaks, and each record knows the line it starts on', () => {
    expect(read('a,b\n"x, y","say ""hi"""\n"two\nlines",z\nlast,\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'z'] },
      { line: 5, cells: ['last', ''] },
    ]);
  });

  it('blank lines are records of one empty cell; a quote inside an unquoted cell is kept', () => {
    expect(read('a;b\n\nO"Brien;5 1/2"', ';')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['O"Brien', '5 1/2"'] },
    ]);
  });

  it('a quote never closed names the line it opened on', () => {
    expect(() => read('a,b\n1,2\n3,"open\n4,5\n')).toThrow(new UnclosedQuote(3));
  });
});
