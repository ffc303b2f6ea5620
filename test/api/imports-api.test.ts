import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const fixture = (name: string): Buffer => readFileSync(path.join(import.meta.dirname, '../fixtures/import', name));

describe.each(dialects)('the import API on %s', (dialect) => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ token } = await server.userWithToken('admin'));
  });
  afterAll(async () => server.close());

  /** The file's own bytes, as a browser uploads it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of every shape; the contract check types them
  async function send(url: string, body: Buffer | string, type = 'text/csv'): Promise<{ status: number; body: any }> {
    const res = await fetch(`${server.url}${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
    return { status: res.status, body: await res.json() };
  }

  it('a file whose first line is one 100 kB cell is a problem on line 1, not a server error', async () => {
    for (const kind of ['accounts', 'contacts']) {
      const answer = await send(`/api/imports/${kind}/preview`, JSON.stringify({ csv: 'x'.repeat(102_400) }), 'application/json');
      expect(answer.status, kind).toBeLessThan(500);
      expect(JSON.stringify(answer.body), kind).toContain('at most 200');
    }
  });

  it('a preview of a Salesforce report proposes the preset mapping, maps the first rows and writes nothing', async () => {
    const answer = await send('/api/imports/accounts/preview', fixture('salesforce-accounts-report.csv'));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ kind: 'accounts', encoding: 'utf-8', delimiter: ',', headerLine: 1, preset: 'salesforce', rows: 4 });
    expect(answer.body.columns.find((c: { column: string }) => c.column === 'Type')).toMatchObject({ target: 'stage', reason: 'preset', samples: ['Customer - Direct', 'Customer - Channel', 'Prospect', 'Former Customer'] });
    // Nobody named Maria Manager or Sam Carter is a user on this server: every row says so, in words.
    expect(answer.body.problems[0].text).toBe("line 2: Account Owner 'Maria Manager' is not a user (by email or name); add the user, or map the name to an email under values.owner");
    expect(answer.body.skipped).toHaveLength(6);
    expect((await server.call('GET', '/api/accounts', { token })).body.items).toHaveLength(0);
  });

  it('a Windows-1252 upload imports with its accents, and the JSON form takes an edited mapping', async () => {
    const file = fixture('excel-semicolon-windows-1252.csv');
    const preview = await send('/api/imports/accounts/preview', file);
    expect(preview.body).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    const mapping = { ...preview.body.mapping, columns: { ...preview.body.mapping.columns, Owner: 'ignore' } };
    const imported = await send('/api/imports/accounts', JSON.stringify({ csv: iconv.decode(file, 'windows-1252'), mapping }), 'application/json');
    expect(imported.body.errors).toEqual([]);
    expect(imported).toMatchObject({ status: 200, body: { created: 3 } });
    const names = (await server.call('GET', '/api/accounts?q=caf', { token })).body.items.map((a: { name: string }) => a.name);
    expect(names).toEqual(['Café Müller']);
  });

  it('a bad request is a 400 in words naming the field; a file over the limit is a 413', async () => {
    const wrongKind = await send('/api/imports/accounts/preview', JSON.stringify({ csv: 'a,b\n1,2\n', mapping: { kind: 'deals', columns: {} } }), 'application/json');
    expect(wrongKind).toMatchObject({ status: 400, body: { error: { code: 'invalid', field: 'mapping.kind', message: 'mapping.kind must be one of accounts, contacts' } } });
    const noCsv = await send('/api/imports/accounts', JSON.stringify({ preset: 'hubspot' }), 'application/json');
    expect(noCsv).toMatchObject({ status: 400, body: { error: { field: 'csv', message: 'csv is required' } } });
    const badPreset = await send('/api/imports/accounts/preview?preset=pipedrive', 'a,b\n1,2\n');
    expect(badPreset.status).toBe(400);
    const huge = await send('/api/imports/accounts/preview', Buffer.alloc(21 * 1024 * 1024, 'a'));
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
  });

  it('an export asked with ?bom=true starts with the byte order mark Excel needs', async () => {
    const res = await fetch(`${server.url}/api/exports/accounts?bom=true`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Café Müller');
  });
});
