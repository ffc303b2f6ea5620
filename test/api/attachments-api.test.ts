import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentsDir } from '../../src/integrations/object-storage/object-storage.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

/** A real 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** The start of a Windows program: "MZ" and a DOS stub. */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62, 0x90), Buffer.from('This program cannot be run in DOS mode.')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe.each(dialects)('attachments and advance materials on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let viewer: Awaited<ReturnType<TestServer['userWithToken']>>;
  let otherCsm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect, [], {
      attachments: { maxBytes: 64 * 1024, s3: null, customerQuota: { count: 2, bytes: 1024 * 1024 } },
    });
    csm = await server.userWithToken('csm');
    viewer = await server.userWithToken('viewer');
    otherCsm = await server.userWithToken('csm');
  });
  afterAll(async () => server.close());

  async function upload(query: string, bytes: Buffer, fileName: string | null, token: string | null = csm.token, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream', ...extra };
    if (token) headers.authorization = `Bearer ${token}`;
    if (fileName !== null) headers['x-file-name'] = encodeURIComponent(fileName);
    const res = await fetch(`${server.url}${query}`, { method: 'POST', headers, body: new Uint8Array(bytes) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async function download(url: string, token: string | null = csm.token) {
    const res = await fetch(`${server.url}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  async function callWithMeeting() {
    const account = await makeAccount(server.deps, { name: `Initech ${Math.random().toString(36).slice(2, 7)}`, ownerId: csm.user.id });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-20T15:00:00Z' } })).body;
    return { account, meeting };
  }

  it('a CSM attaches a PDF to a meeting as advance material and downloads it as an attachment with the type its bytes showed', async () => {
    const { account, meeting } = await callWithMeeting();
    const up = await upload(`/api/attachments?meetingId=${meeting.id}`, PDF, 'Rollout plan – v2.pdf');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      accountId: account.id,
      meetingId: meeting.id,
      fileName: 'Rollout plan – v2.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      forCustomer: false,
      fromCustomer: false,
      uploadedBy: { id: csm.user.id },
    });

    const list = await server.call('GET', `/api/attachments?meetingId=${meeting.id}`, { token: csm.token });
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([up.body.id]);
    expect((await server.call('GET', `/api/attachments?accountId=${account.id}`, { token: csm.token })).body.items).toHaveLength(1);

    const file = await download(`/api/attachments/${up.body.id}`);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(PDF)).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    // Opened in a tab instead of saved, the file still runs nothing (a PDF's scripts, an HTML look-alike).
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="Rollout plan _ v2.pdf"; filename*=UTF-8''Rollout%20plan%20%E2%80%93%20v2.pdf`);

    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(JSON.stringify(timeline.body)).toContain('Rollout plan – v2.pdf');
  });

  it('on disk the file is kept under its id, never its name, readable by Cadence alone (0600 in a 0700 folder)', async () => {
    const { account } = await callWithMeeting();
    const up = await upload(`/api/attachments?accountId=${account.id}`, PNG, '../../secret/diagram.png');
    expect(up.status).toBe(201);
    expect(up.body.fileName).toBe('diagram.png');
    const root = attachmentsDir(server.deps.config);
    const file = path.join(root, up.body.id.slice(-2), up.body.id);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(root)).mode & 0o777).toBe(0o700);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    const names = (await Promise.all((await readdir(root)).map((d) => readdir(path.join(root, d))))).flat();
    expect(names.some((n) => n.includes('diagram'))).toBe(false);
  });

  it('a program named .png is refused naming the file, and so is a type Cadence does not take; nothing is kept', async () => {
    const { account } = await callWithMeeting();
    const exe = await upload(`/api/attachments?accountId=${account.id}`, EXE, 'architecture.png');
    expect(exe.status).toBe(400);
    expect(exe.body.error).toMatchObject({ code: 'invalid', field: 'file' });
    expect(exe.body.error.message).toMatch(/a program \(exe\)/);
    const junk = await upload(`/api/attachments?accountId=${account.id}`, Buffer.from([0, 1, 2, 3, 0xfe, 0xff, 0, 7]), 'data.txt');
    expect(junk.status).toBe(400);
    expect(junk.body.error.field).toBe('file');
    const zip = await upload(`/api/attachments?accountId=${account.id}`, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40, 1)]), 'bundle.docx');
    expect(zip.status).toBe(400);
    expect(zip.body.error.field).toBe('file');
    const unnamed = await upload(`/api/attachments?accountId=${account.id}`, PNG, null);
    expect(unnamed.body.error).toMatchObject({ field: 'fileName' });
    const empty = await upload(`/api/attachments?accountId=${account.id}`, Buffer.alloc(0), 'empty.txt');
    expect(empty.status).toBe(400);
    expect((await server.call('GET', `/api/attachments?accountId=${account.id}`, { token: csm.token })).body.items).toEqual([]);
  });

  it('a file over the limit is refused with 413 in words', async () => {
    const { account } = await callWithMeeting();
    const big = await upload(`/api/attachments?accountId=${account.id}`, Buffer.alloc(65 * 1024, 'a'), 'big.txt');
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'too_large', field: 'file' });
    expect(big.body.error.message).toMatch(/larger than 64 KB/);
  });

  it('viewers read and download but may not add, share or remove; a CSM of another book does not see the files', async () => {
    const { account } = await callWithMeeting();
    const up = await upload(`/api/attachments?accountId=${account.id}`, PNG, 'logo.png');
    expect((await download(`/api/attachments/${up.body.id}`, viewer.token)).status).toBe(200);
    expect((await upload(`/api/attachments?accountId=${account.id}`, PNG, 'logo.png', viewer.token)).status).toBe(403);
    expect((await server.call('PATCH', `/api/attachments/${up.body.id}`, { token: viewer.token, body: { forCustomer: true } })).status).toBe(403);
    expect((await server.call('DELETE', `/api/attachments/${up.body.id}`, { token: viewer.token })).status).toBe(403);
    expect((await download(`/api/attachments/${up.body.id}`, otherCsm.token)).status).toBe(404);
    expect((await server.call('GET', `/api/attachments?accountId=${account.id}`, { token: otherCsm.token })).status).toBe(404);
    expect((await download(`/api/attachments/${up.body.id}`, null)).status).toBe(401);
  });

  it('an agenda item of another meeting, or both places at once, is a 400 naming the field', async () => {
    const { account, meeting } = await callWithMeeting();
    expect((await upload(`/api/attachments?meetingId=${meeting.id}&agendaItemId=nope-0000`, PNG, 'a.png')).body.error.field).toBe('agendaItemId');
    expect((await upload(`/api/attachments?meetingId=${meeting.id}&accountId=${account.id}`, PNG, 'a.png')).body.error.field).toBe('accountId');
    expect((await upload(`/api/attachments`, PNG, 'a.png')).body.error.field).toBe('accountId');
  });

  it('the share page lists a file only once it is marked for the customer; the customer downloads it and sends one back, within the link quota', async () => {
    const { account, meeting } = await callWithMeeting();
    const internal = await upload(`/api/attachments?meetingId=${meeting.id}`, PDF, 'INTERNAL pricing floor.pdf');
    const shared = await upload(`/api/attachments?meetingId=${meeting.id}&forCustomer=true`, PNG, 'Agenda slide.png');
    const link = (await server.call('POST', `/api/meetings/${meeting.id}/share-links`, { token: csm.token, body: {} })).body;
    const token = link.url.split('/share/')[1];

    let view = await server.call('GET', `/api/share/${token}`);
    expect(view.body.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['Agenda slide.png']);
    expect(JSON.stringify(view.body)).not.toContain('INTERNAL pricing floor');
    expect((await download(`/api/share/${token}/attachments/${internal.body.id}`, null)).status).toBe(404);
    const got = await download(`/api/share/${token}/attachments/${shared.body.id}`, null);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(PNG)).toBe(true);

    const marked = await server.call('PATCH', `/api/attachments/${internal.body.id}`, { token: csm.token, body: { forCustomer: true } });
    expect(marked.body.forCustomer).toBe(true);
    view = await server.call('GET', `/api/share/${token}`);
    expect(view.body.attachments).toHaveLength(2);
    await server.call('PATCH', `/api/attachments/${internal.body.id}`, { token: csm.token, body: { forCustomer: false } });

    const sent = await upload(`/api/share/${token}/attachments`, PNG, 'Our architecture.png', null, { 'x-uploader-name': 'Hana' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ fileName: 'Our architecture.png', fromCustomer: true });
    view = await server.call('GET', `/api/share/${token}`);
    expect(view.body.attachments.map((a: { fileName: string }) => a.fileName).sort()).toEqual(['Agenda slide.png', 'Our architecture.png']);
    const inside = (await server.call('GET', `/api/attachments?meetingId=${meeting.id}`, { token: csm.token })).body.items.find((a: { id: string }) => a.id === sent.body.id);
    expect(inside).toMatchObject({ fromCustomer: true, forCustomer: true, uploadedBy: { id: null, name: 'Hana (customer)' } });
    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(JSON.stringify(timeline.body)).toContain('Hana (customer) sent a file');

    expect((await upload(`/api/share/${token}/attachments`, EXE, 'diagram.png', null)).body.error.field).toBe('file');
    expect((await upload(`/api/share/${token}/attachments`, PNG, 'second.png', null)).status).toBe(201);
    const third = await upload(`/api/share/${token}/attachments`, PNG, 'third.png', null);
    expect(third.status).toBe(413);
    expect(third.body.error.message).toMatch(/2 files from your side/);
    expect((await upload(`/api/share/not-a-real-token-000/attachments`, PNG, 'x.png', null)).status).toBe(404);
  });

  it('parallel customer uploads never take a link past its quota', async () => {
    const { meeting } = await callWithMeeting();
    const link = (await server.call('POST', `/api/meetings/${meeting.id}/share-links`, { token: csm.token, body: {} })).body;
    const token = link.url.split('/share/')[1];
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(`/api/share/${token}/attachments`, PNG, `p${i}.png`, null)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
    expect(answers.every((a) => a.status === 201 || a.status === 413)).toBe(true);
  });

  it('removing a file removes its bytes too', async () => {
    const { account } = await callWithMeeting();
    const up = await upload(`/api/attachments?accountId=${account.id}`, PNG, 'old.png');
    expect((await server.call('DELETE', `/api/attachments/${up.body.id}`, { token: csm.token })).status).toBe(204);
    expect((await download(`/api/attachments/${up.body.id}`)).status).toBe(404);
    await expect(stat(path.join(attachmentsDir(server.deps.config), up.body.id.slice(-2), up.body.id))).rejects.toThrow();
  });
});
