/**
 * Live notes on two Cadence nodes (`cadence serve`, each its own process) on one PostgreSQL behind
 * a real HAProxy: round robin, no stickiness (issue #20 item 4 and "Must show"). People whose
 * sockets land on different nodes edit the same document live: updates cross between the nodes
 * through PostgreSQL LISTEN/NOTIFY. Node editors (y-websocket's provider) and three Chromium
 * browsers, every one of them through the balancer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { browserAvailable, ensureWebBuilt, launchBrowser } from '../helpers/browser.ts';
import { cadence } from '../helpers/cli.ts';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/dialects.ts';
import { focusEnd, openMeetingAs, selectAgendaItem, waitForSameText, type Screen } from '../helpers/live-notes-browser.ts';
import { connectEditor, describeTexts, type ProviderEditor } from '../helpers/live-notes-provider.ts';
import { freePort, haproxyAvailable, startHaproxy, startNode, until, waitUntilReady, type Balancer, type Node } from '../helpers/two-nodes.ts';

const ready = (await postgresAvailable()) && haproxyAvailable();
const SECRET = 'live-two-nodes-secret-0123456789abcdef';
const PASSWORD = 'a long shared-nothing passphrase 42';
const ITEM = 'Renewal';
const LABEL = `Notes for ${ITEM}`;
const PEOPLE = [
  ['Priya', 'Priya Shah'],
  ['Ana', 'Ana Silva'],
  ['Sam', 'Sam Okafor'],
] as const;

describe.skipIf(!ready)('live notes on two nodes behind HAProxy, one PostgreSQL', () => {
  let dir: string;
  let database: TestDatabase;
  let nodes: Node[] = [];
  let balancer: Balancer;
  let token: string;
  let accountId: string;
  let browser: Browser | undefined;
  const editors: ProviderEditor[] = [];

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${balancer.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const describeNodes = () => nodes.map((n) => `--- node ${n.name} ---\n${n.output().slice(-2000)}`).join('\n');

  /** An editor through the balancer, and the node HAProxy gave its socket to (it names itself on the 101 answer). */
  async function editorThroughBalancer(meetingId: string, name: string): Promise<{ editor: ProviderEditor; node: string }> {
    const editor = connectEditor(balancer.url, meetingId, token, { name });
    editors.push(editor);
    let node = '';
    (editor.provider.ws as unknown as WebSocket).once('upgrade', (res) => (node = String(res.headers['x-cadence-node'] ?? '')));
    await editor.synced();
    return { editor, node };
  }

  async function meetingWithItem(): Promise<{ id: string; itemId: string }> {
    const startsAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const meeting = await api('POST', '/api/meetings', { accountId, startsAt, acknowledgeOutOfHours: true, acknowledgeBackToBack: true });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
    const added = await api('POST', `/api/meetings/${meeting.body.id}/agenda/edits`, { op: 'add', text: ITEM });
    expect(added.status).toBe(200);
    const item = added.body.items.find((i: { text: string }) => i.text === ITEM);
    return { id: meeting.body.id, itemId: item.id };
  }

  beforeAll(async () => {
    if (browserAvailable()) ensureWebBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-live-two-nodes-'));
    database = await createTestDatabase('postgres');
    const env = { DATABASE_URL: database.url, CADENCE_SECRET: SECRET };
    const run = async (args: string[]) => {
      const r = await cadence(database.dataDir, args, env);
      expect(r.stderr, args.join(' ')).toBe('');
      return r.stdout;
    };
    await run(['db', 'migrate']);
    for (const [first, full] of PEOPLE) await run(['user', 'add', '--email', `${first.toLowerCase()}@vendor.example`, '--name', full, '--role', 'admin', '--password', PASSWORD]);
    token = (await run(['token', 'create', '--email', 'priya@vendor.example'])).trim();
    writeFileSync(path.join(dir, 'accounts.csv'), 'external_id,name,segment,stage\nSF-GLOBEX,Globex,enterprise,steady\n');
    await run(['import', 'accounts', path.join(dir, 'accounts.csv')]);
    const common = { DATABASE_URL: database.url, CADENCE_SECRET: SECRET, CADENCE_BACKUP_SCHEDULE: 'off', CADENCE_JOBS: 'off' };
    nodes = [startNode('a', await freePort(), { ...common, CADENCE_DATA_DIR: path.join(dir, 'a') }), startNode('b', await freePort(), { ...common, CADENCE_DATA_DIR: path.join(dir, 'b') })];
    await Promise.all(nodes.map((node) => waitUntilReady(node)));
    balancer = await startHaproxy(dir, nodes);
    await until(async () => Object.values(await balancer.states()).join() === 'UP,UP', 'HAProxy to see both nodes up', 30_000);
    accountId = (await api('GET', '/api/accounts')).body.items[0].id;
  }, 240_000);

  afterAll(async () => {
    for (const e of editors) e.destroy();
    await browser?.close();
    for (const node of nodes) await node.kill('SIGKILL');
    await balancer?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('editors whose sockets land on different nodes type at once and all end with every word', async () => {
    const meeting = await meetingWithItem();
    const joined = [];
    for (let i = 0; i < 4; i++) joined.push(await editorThroughBalancer(meeting.id, `editor ${i}`));
    // Round robin without stickiness: the four sockets are spread over both nodes.
    expect(new Set(joined.map((j) => j.node)), describeNodes()).toEqual(new Set(['a', 'b']));
    const all = joined.map((j) => j.editor);
    const key = `item:${meeting.itemId}`;
    // Each editor types from an alphabet of its own: however the four streams interleave (at the
    // same place, character by character), each one's keystrokes read back out of the text in order.
    const alphabets = ['abcdefghijklm', 'nopqrstuvwxyz', '0123456789', 'ABCDEFGHIJKLM'];
    const typed = alphabets.map(() => '');
    for (let round = 0; round < 15; round++) {
      all.forEach((editor, i) => {
        const word = `${alphabets[i]!.slice(round % 5, (round % 5) + 4)} `;
        editor.type(word, key);
        typed[i] += word;
      });
      await new Promise((r) => setTimeout(r, 20));
    }
    const theirs = (text: string, i: number) => [...text].filter((c) => alphabets[i]!.includes(c)).join('');
    const allThere = (text: string) => typed.every((t, i) => theirs(text, i) === t.replace(/ /g, '')) && (text.match(/ /g) ?? []).length === 60;
    await until(
      () => all.every((e) => e.text(key) === all[0]!.text(key)) && allThere(all[0]!.text(key)),
      () => `every editor to hold every keystroke\n${describeTexts(all, key)}\n${describeNodes()}`,
      30_000,
    );
    // The agenda item's notes (search, exports, the follow-up read them) follow the document, on either node.
    await until(async () => (await api('GET', `/api/meetings/${meeting.id}/agenda`)).body.items.find((i: { id: string }) => i.id === meeting.itemId)?.notes === all[0]!.text(key), 'the agenda item’s notes to be the document’s text', 20_000);
  }, 120_000);

  it.skipIf(!browserAvailable())(
    'three browsers on the two nodes typing into one agenda item: every keystroke of all three on every screen',
    async () => {
      const meeting = await meetingWithItem();
      browser = await launchBrowser();
      const screens: Screen[] = [];
      for (const [first] of PEOPLE) {
        const context = browser.contexts().at(-1);
        try {
          screens.push(await openMeetingAs(browser, balancer.url, meeting.id, { name: first, email: `${first.toLowerCase()}@vendor.example`, password: PASSWORD }));
        } catch (err) {
          const page = browser.contexts().at(-1)?.pages()[0];
          const status =
            page && page.context() !== context
              ? await page
                  .getByTestId('live-status')
                  .innerText()
                  .catch(() => '(no status)')
              : '(no page)';
          throw new Error(`${first} never saw the notes live: status "${status}"\n${describeNodes()}`, { cause: err });
        }
      }
      for (const s of screens) await selectAgendaItem(s.page, ITEM);
      for (const s of screens) await focusEnd(s.page, LABEL);
      // Each types from an alphabet of their own, so each one's keystrokes can be read back out and counted.
      const words: Record<string, string> = { Priya: 'renewal budget approved ', Ana: '2027 90 120 ', Sam: 'SSO SCIM AUDIT ' };
      const alphabets: Record<string, RegExp> = { Priya: /[a-z]/g, Ana: /[0-9]/g, Sam: /[A-Z]/g };
      await Promise.all(screens.map((s) => s.page.keyboard.type(words[s.name]!, { delay: 25 })));
      const only = (t: string, re: RegExp) => (t.match(re) ?? []).join('');
      const allThere = (t: string) => screens.every((s) => only(t, alphabets[s.name]!) === only(words[s.name]!, alphabets[s.name]!)) && (t.match(/ /g) ?? []).length === (Object.values(words).join('').match(/ /g) ?? []).length;
      const converged = await waitForSameText(screens, LABEL, allThere, 30_000);
      if ('failed' in converged) throw new Error(`the screens never agreed: ${JSON.stringify(converged.failed)}\n${describeNodes()}`);
      console.log(`two nodes: every screen had every keystroke ${Math.round(converged.ms)} ms after the last one (load ${os.loadavg()[0]!.toFixed(1)})`);
      // 1 s on a quiet machine; a loaded one (8 people testing on 2 cores) gets 5 s, and the figure is printed either way.
      expect(converged.ms).toBeLessThan(os.loadavg()[0]! > os.cpus().length * 1.5 ? 5000 : 1000);
    },
    180_000,
  );
});
