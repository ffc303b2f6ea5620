import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence as cadenceIn, type CliRun } from '../helpers/cli.ts';
import { calendarApp, eventIcs, radicaleMissing, startRadicale, type Radicale } from '../helpers/radicale.ts';

const missing = radicaleMissing();
// The CLI reads the real clock: the events are next week.
const day = (n: number, hour: number) => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + n * 86_400_000 + hour * 3_600_000).toISOString();

describe.skipIf(missing !== null)('cadence calendar connect, sync and status against Radicale', () => {
  let dir: string;
  let server: Radicale;
  const cadence = (args: string[]): Promise<CliRun> => cadenceIn(dir, args, { CADENCE_SECRET: 'cli-test-secret-cli-test-secret-0123', CADENCE_BASE_URL: 'https://cadence.vendor.example' });
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-calendar-cli-'));
    server = await startRadicale({ users: { sam: 'app-password' } });
    expect((await cadence(['user', 'add', '--email', 'sam@vendor.example', '--name', 'Sam Okafor', '--role', 'csm', '--password', 'correct horse battery'])).code).toBe(0);
    expect((await cadence(['import', 'accounts', file('accounts.csv', 'external_id,name,segment,stage,owner_email\nG,Globex,enterprise,steady,sam@vendor.example\n')])).code).toBe(0);
    expect((await cadence(['import', 'contacts', file('contacts.csv', 'external_id,account_external_id,name,email,role\nH,G,Hana Tanaka,hana@globex.example,champion\n')])).code).toBe(0);
    const app = calendarApp(server, 'sam', 'app-password');
    await app.makeCalendar('work');
    await app.put('work', 'qbr.ics', eventIcs({ uid: 'qbr@app', start: day(7, 14), end: day(7, 15), summary: 'Globex QBR', attendees: ['sam@vendor.example', 'hana@globex.example'] }));
    await app.put('work', 'lunch.ics', eventIcs({ uid: 'lunch@app', start: day(8, 12), end: day(8, 13), summary: 'Team lunch', attendees: ['sam@vendor.example', 'maria@vendor.example'] }));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connect-url prints the Google sign-in link for a user (PKCE, redirect from CADENCE_BASE_URL); unconfigured, it names the variables to set', async () => {
    const unset = await cadence(['calendar', 'connect-url', 'google', '--user', 'sam@vendor.example']);
    expect(unset).toMatchObject({ code: 1, stderr: expect.stringMatching(/CADENCE_GOOGLE_CLIENT_ID and CADENCE_GOOGLE_CLIENT_SECRET/) });
    const run = await cadenceIn(dir, ['calendar', 'connect-url', 'google', '--user', 'sam@vendor.example'], {
      CADENCE_SECRET: 'cli-test-secret-cli-test-secret-0123',
      CADENCE_BASE_URL: 'https://cadence.vendor.example',
      CADENCE_GOOGLE_CLIENT_ID: 'cadence-client',
      CADENCE_GOOGLE_CLIENT_SECRET: 'cadence-secret',
    });
    expect(run.code, run.stderr).toBe(0);
    const url = new URL(run.stdout.trim());
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: 'cadence-client', redirect_uri: 'https://cadence.vendor.example/api/calendar/oauth/google/callback', code_challenge_method: 'S256', access_type: 'offline' });
    expect((await cadence(['calendar', 'connect-url', 'yahoo', '--user', 'sam@vendor.example'])).code).toBe(1);
  });

  it('a wrong password or a missing password file is one line on stderr with exit 1, and nothing is connected', async () => {
    expect(await cadence(['calendar', 'connect', '--caldav', server.url, '--user', 'sam@vendor.example', '--username', 'sam', '--password-file', path.join(dir, 'nope')])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^cadence: --password-file .*nope: no such file\n$/),
    });
    const wrong = await cadence(['calendar', 'connect', '--caldav', server.url, '--user', 'sam@vendor.example', '--username', 'sam', '--password-file', file('wrong', 'guess\n')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^cadence: password: The calendar server refused the user name or password \(HTTP 401\)/);
    expect((await cadence(['calendar', 'connect', '--caldav', 'ftp://x', '--user', 'sam@vendor.example', '--username', 'sam', '--password-file', file('pw0', 'x')])).stderr).toMatch(
      /^cadence: --caldav: must be an http:\/\/ or https:\/\/ URL/,
    );
    expect((await cadence(['calendar', 'status'])).stdout).toBe('no calendar connections\n');
  });

  it('connects, syncs once, and shows the status; the password is in no output', async () => {
    const connected = await cadence(['calendar', 'connect', '--caldav', server.url, '--user', 'sam@vendor.example', '--username', 'sam', '--password-file', file('pw', 'app-password\n')]);
    expect(connected.code, connected.stderr).toBe(0);
    expect(connected.stdout).toMatch(/connected .* for sam@vendor.example: “sam\/work”/);
    expect(connected.stdout).toMatch(/first sync: ok, 2 seen, 1 new, .* 1 skipped \(internal_only 1\)/);
    const status = await cadence(['calendar', 'status', '--json']);
    const [row] = JSON.parse(status.stdout) as { status: string; lastSuccessAt: string | null; nextSyncAt: string | null; lastCounts: { created: number } }[];
    expect(row).toMatchObject({ status: 'ok', lastCounts: { created: 1 } });
    expect(row!.lastSuccessAt).not.toBeNull();
    expect(row!.nextSyncAt).not.toBeNull();
    expect(status.stdout).not.toMatch(/app-password|enc:v1/);
    const again = await cadence(['calendar', 'sync', '--user', 'sam@vendor.example']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/ok\s+\d+ seen, 0 new, 0 changed/);
    expect((await cadence(['meetings', 'list', '--account', 'Globex'])).stdout).toMatch(/Globex QBR/);
  });
});
