import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCadenceRows } from '../../src/store/cadence.repo.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.each(dialects)('the book of business as a working table on %s', (dialect) => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let sam: Awaited<ReturnType<TestServer['userWithToken']>>;
  let maria: Awaited<ReturnType<TestServer['userWithToken']>>;
  let outsider: Awaited<ReturnType<TestServer['userWithToken']>>;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await server.userWithToken('admin');
    manager = await server.userWithToken('manager');
    sam = await server.userWithToken('csm', { managerId: manager.user.id });
    maria = await server.userWithToken('csm', { managerId: manager.user.id });
    outsider = await server.userWithToken('csm');
    const db = server.deps.store.db;
    const make = async (key: string, { healthColour, healthScore, tags, ...fields }: Record<string, unknown>) => {
      const id = (ids[key] = (await makeAccount(server.deps, { ownerId: sam.user.id, ...fields })).id);
      if (key === 'globex') {
        const risk = await server.call('POST', '/api/risks', { token: admin.token, body: { accountId: id, type: 'budget', severity: 'high', evidence: 'cuts' } });
        expect(risk.status).toBe(201);
      }
      // Health and tags as the scoring and an import left them (a tag a spreadsheet would run as a formula included).
      await db
        .updateTable('accounts')
        .set({ health_colour: healthColour as string | null, health_score: healthScore as number | null })
        .where('id', '=', id)
        .execute();
      await db.deleteFrom('account_tags').where('account_id', '=', id).execute();
      for (const tag of tags as string[]) await db.insertInto('account_tags').values({ account_id: id, tag }).execute();
    };
    await make('acme', { name: 'Acme', arr: 100_000, renewalDate: day(30), healthColour: 'green', healthScore: 82, tags: ['gold'] });
    await make('globex', { name: 'Globex', arr: 480_000, renewalDate: day(200), healthColour: 'red', healthScore: 31, tags: ['=cmd|calc'] });
    await make('initech', { name: 'Initech', arr: 50_000, renewalDate: day(60), healthColour: null, healthScore: null, tags: [] });
    await make('umbrella', { name: 'Umbrella', ownerId: maria.user.id, arr: 250_000, renewalDate: day(400), healthColour: 'yellow', healthScore: 64, tags: ['gold'] });
    const at = new Date().toISOString();
    await saveCadenceRows(server.deps.store.db, [
      { account_id: ids.acme!, override: null, last_call_at: '2026-11-20T15:00:00.000Z', last_touch_at: null, next_call_due: day(-9), next_touch_due: null, overdue_days: 9, computed_at: at },
      { account_id: ids.globex!, override: null, last_call_at: '2026-10-01T15:00:00.000Z', last_touch_at: null, next_call_due: day(-40), next_touch_due: null, overdue_days: 40, computed_at: at },
      { account_id: ids.umbrella!, override: null, last_call_at: '2026-11-30T09:00:00.000Z', last_touch_at: null, next_call_due: day(20), next_touch_due: null, overdue_days: 0, computed_at: at },
    ]);
  }, 60_000);
  afterAll(async () => server.close());

  const names = async (query: string, token = manager.token) => {
    const res = await server.call('GET', `/api/accounts?${query}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as { name: string }[]).map((a) => a.name);
  };

  it('sorts by health, last call, days overdue, open risks, owner and tags, unknowns last either way', async () => {
    expect(await names('sort=health')).toEqual(['Globex', 'Umbrella', 'Acme', 'Initech']);
    expect(await names('sort=-health')).toEqual(['Acme', 'Umbrella', 'Globex', 'Initech']);
    expect(await names('sort=-last_call')).toEqual(['Umbrella', 'Acme', 'Globex', 'Initech']);
    expect(await names('sort=last_call')).toEqual(['Globex', 'Acme', 'Umbrella', 'Initech']);
    expect((await names('sort=-overdue')).slice(0, 2)).toEqual(['Globex', 'Acme']);
    expect((await names('sort=-risks'))[0]).toBe('Globex');
    expect(await names('sort=tags')).toEqual(['Globex', 'Acme', 'Umbrella', 'Initech']);
    const mariaFirst = maria.user.name.toLowerCase() < sam.user.name.toLowerCase();
    expect((await names('sort=owner'))[mariaFirst ? 0 : 3]).toBe('Umbrella');
  });

  it('pages a sort by a computed column without skipping or repeating an account', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { name: string }[]; nextCursor: string | null } } = await server.call('GET', `/api/accounts?sort=-risks&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        token: manager.token,
      });
      seen.push(...res.body.items.map((a) => a.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['Acme', 'Globex', 'Initech', 'Umbrella']);
  });

  it('filters by health, days overdue, open risks, the renewal window, last call and tags', async () => {
    expect(await names('health=red,unknown')).toEqual(['Globex', 'Initech']);
    expect(await names('overdueMin=10')).toEqual(['Globex']);
    expect(await names('overdueMin=1')).toEqual(['Acme', 'Globex']);
    expect(await names('risks=open')).toEqual(['Globex']);
    expect(await names('risks=none')).toEqual(['Acme', 'Initech', 'Umbrella']);
    expect(await names('renewalWithinDays=90')).toEqual(['Acme', 'Initech']);
    expect(await names('lastCallFrom=2026-11-20&lastCallTo=2026-11-20')).toEqual(['Acme']);
    expect(await names('tag=gold&owner=me', sam.token)).toEqual(['Acme']);
    expect(await names('arrMin=200000')).toEqual(['Globex', 'Umbrella']);
  });

  it('the search finds an account by one of its contacts, by name or e-mail', async () => {
    await makeContact(server.deps, ids.initech!, { name: 'Peter Gibbons', email: 'peter@initech.example', role: 'champion' });
    expect(await names('q=gibbons')).toEqual(['Initech']);
    expect(await names('q=peter@initech')).toEqual(['Initech']);
  });

  it('answers a bad filter or sort with a 400 naming it', async () => {
    for (const [query, field] of [
      ['sort=colour', 'sort'],
      ['overdueMin=-3', 'overdueMin'],
      ['health=purple', 'health'],
      ['risks=some', 'risks'],
    ]) {
      const res = await server.call('GET', `/api/accounts?${query}`, { token: manager.token });
      expect(res.status, query).toBe(400);
      expect(res.body.error.field, query).toContain(field);
    }
  });

  it('exports the view: its filters, its sort, its columns in order, formulas neutralised, only what the caller sees', async () => {
    const res = await server.call('GET', '/api/accounts/export?sort=-arr&columns=name,owner,risks,tags&health=red,green', { token: manager.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = parse(res.body as string) as string[][];
    expect(rows).toEqual([
      ['Account', 'Owner', 'Open risks', 'Tags'],
      ['Globex', sam.user.name, '1', "'=cmd|calc"],
      ['Acme', sam.user.name, '0', 'gold'],
    ]);
    const outside = parse((await server.call('GET', '/api/accounts/export?columns=name', { token: outsider.token })).body as string) as string[][];
    expect(outside).toEqual([['Account']]);
  });

  it('a view shared with the team is seen by a teammate, who may not change it; the manager may', async () => {
    const saved = await server.call('POST', '/api/saved-views', { token: sam.token, body: { name: 'Overdue gold', columns: ['health', 'name', 'overdue'], filters: { tag: ['gold'], overdueMin: 1 }, sort: '-overdue', shared: 'team' } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const mine = await server.call('POST', '/api/saved-views', { token: sam.token, body: { name: 'Just mine', columns: ['name'], filters: {} } });
    expect(mine.body.shared).toBe('private');

    const seenByMaria = (await server.call('GET', '/api/saved-views', { token: maria.token })).body.items;
    expect(seenByMaria.map((v: { name: string }) => v.name)).toEqual(['Overdue gold']);
    expect(seenByMaria[0]).toMatchObject({ columns: ['health', 'name', 'overdue'], filters: { tag: ['gold'], overdueMin: 1 }, sort: '-overdue', canEdit: false });
    expect((await server.call('GET', '/api/saved-views', { token: outsider.token })).body.items).toEqual([]);

    expect((await server.call('PATCH', `/api/saved-views/${saved.body.id}`, { token: maria.token, body: { name: 'Mine now' } })).status).toBe(403);
    expect((await server.call('DELETE', `/api/saved-views/${mine.body.id}`, { token: maria.token })).status).toBe(404);
    const renamed = await server.call('PATCH', `/api/saved-views/${saved.body.id}`, { token: manager.token, body: { name: 'Gold, overdue' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Gold, overdue', canEdit: true, ownerId: sam.user.id });

    const unshared = await server.call('PATCH', `/api/saved-views/${saved.body.id}`, { token: sam.token, body: { shared: 'private' } });
    expect(unshared.status).toBe(200);
    expect((await server.call('GET', '/api/saved-views', { token: maria.token })).body.items).toEqual([]);
    expect((await server.call('DELETE', `/api/saved-views/${saved.body.id}`, { token: sam.token })).status).toBe(204);
    expect((await server.call('GET', '/api/saved-views', { token: sam.token })).body.items.map((v: { name: string }) => v.name)).toEqual(['Just mine']);
  });

  it('refuses a view with no name, an unknown column, filter or sort, naming the field', async () => {
    for (const [body, field] of [
      [{ name: ' ', columns: ['name'] }, 'name'],
      [{ name: 'x', columns: ['colour'] }, 'columns'],
      [{ name: 'x', columns: ['name'], filters: { colour: 'red' } }, 'colour'],
      [{ name: 'x', columns: ['name'], sort: 'colour' }, 'sort'],
    ] as const) {
      const res = await server.call('POST', '/api/saved-views', { token: sam.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field, JSON.stringify(body)).toContain(field);
    }
  });
});
