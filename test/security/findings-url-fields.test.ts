import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestSettleSchema } from '../../src/domain/meeting/meeting-input.ts';
import { ShippedSchema } from '../../src/server/routes/feature-requests.schema.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const REFUSED = ['javascript:alert(document.cookie)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', 'ftp://files.example.com/x'];
const ACCEPTED = ['https://zoom.us/rec/share/abc', 'http://intranet.example.com/rec/1', 'mailto:success@example.com'];

// Security review finding (low): URL fields accepted `javascript:`.
describe.each(dialects)('URL fields take https:, http: and mailto: only, on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let meetingId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    meetingId = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-24T15:00:00Z' } })).body.id;
  });
  afterAll(() => server.close());

  it("a call's recording link refuses script and file addresses with a 400 naming the field, and keeps nothing", async () => {
    for (const url of REFUSED) {
      const res = await server.call('PATCH', `/api/meetings/${meetingId}`, { token: csm.token, body: { recordingUrl: url } });
      expect(res.status, url).toBe(400);
      expect(res.body.error, url).toMatchObject({ code: 'invalid', field: 'recordingUrl', message: expect.stringContaining('https:, http: or mailto:') });
    }
    expect((await server.call('GET', `/api/meetings/${meetingId}`, { token: csm.token })).body.recordingUrl ?? null).toBeNull();
    for (const url of ACCEPTED) {
      const res = await server.call('PATCH', `/api/meetings/${meetingId}`, { token: csm.token, body: { recordingUrl: url } });
      expect(res.status, url).toBe(200);
      expect(res.body.recordingUrl).toBe(url);
    }
  });

  it('tracker links of settled requests and shipped feature requests follow the same rule', () => {
    for (const url of REFUSED) {
      expect(RequestSettleSchema.safeParse({ url }).success, url).toBe(false);
      expect(ShippedSchema.safeParse({ release: '5.2', url }).success, url).toBe(false);
    }
    for (const url of ACCEPTED) {
      expect(RequestSettleSchema.safeParse({ url }).success, url).toBe(true);
      expect(ShippedSchema.safeParse({ release: '5.2', url }).success, url).toBe(true);
    }
  });
});
