import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionItem } from '../../src/services/meetings/action-items.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('an account with many action items pages through them on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let accountId: string;
  const texts: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    accountId = account.id;
    // Ten items per minute: most share their creation time with others, so the order rests on the tie-break too.
    for (let i = 0; i < 120; i += 1) {
      server.deps.setNow(new Date(Date.UTC(2026, 10, 20, 10, Math.floor(i / 10))));
      const text = `Item ${String(i).padStart(3, '0')}`;
      await createActionItem(server.deps, LOCAL_OPERATOR, { accountId, text, side: i % 2 ? 'customer' : 'vendor', owner: { name: 'Sam' } });
      texts.push(text);
    }
    const done = await createActionItem(server.deps, LOCAL_OPERATOR, { accountId, text: 'Already done', side: 'vendor', owner: { name: 'Sam' } });
    await server.call('PATCH', `/api/action-items/${done.id}`, { token: csm.token, body: { status: 'done' } });
  });
  afterAll(async () => server.close());

  async function everyPage(query: string) {
    const pages: { items: { id: string; text: string }[]; nextCursor: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const res = await server.call('GET', `/api/action-items?accountId=${accountId}&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: csm.token });
      expect(res.status).toBe(200);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 20);
    return pages;
  }

  it('all 120 open items come back across pages, oldest first, none twice and none missing', async () => {
    const pages = await everyPage('status=open&limit=25');
    expect(pages.map((p) => p.items.length)).toEqual([25, 25, 25, 25, 20]);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    const seen = pages.flatMap((p) => p.items);
    expect(seen.map((i) => i.text)).toEqual(texts);
    expect(new Set(seen.map((i) => i.id)).size).toBe(120);
  });

  it('pages the same way every time, and 50 to a page unless asked', async () => {
    const first = (await everyPage('status=open&limit=25')).flatMap((p) => p.items.map((i) => i.id));
    const again = (await everyPage('status=open&limit=25')).flatMap((p) => p.items.map((i) => i.id));
    expect(again).toEqual(first);
    const byDefault = await everyPage('status=open');
    expect(byDefault.map((p) => p.items.length)).toEqual([50, 50, 20]);
    const all = await everyPage('limit=500');
    expect(all).toHaveLength(1);
    expect(all[0]?.items.map((i) => i.text)).toEqual([...texts, 'Already done']);
  });

  it('a bad cursor or limit is a 400 naming the field', async () => {
    for (const [query, field] of [
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from(JSON.stringify(['contact-name', 'x', 'y'])).toString('base64url')}`, 'cursor'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=2.5', 'limit'],
    ]) {
      const res = await server.call('GET', `/api/action-items?accountId=${accountId}&${query}`, { token: csm.token });
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatchObject({ code: 'invalid', field });
    }
  });
});
