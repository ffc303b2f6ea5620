import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { knownMigrations, migrateToLatest, openStore, type Store } from '../../src/store/database.ts';

// Every CLI command and server start asks whether the schema is current in one query (issue #16):
// what that shortcut must not change is what happens when it is not current.
describe('migrating a SQLite database', () => {
  let store: Store;
  afterEach(async () => store.destroy());

  it('an up-to-date database is left as it is, one that lacks the newest migration gets it', async () => {
    store = openStore(':memory:');
    expect(await migrateToLatest(store.db)).toEqual(knownMigrations());
    expect(await migrateToLatest(store.db)).toEqual([]);

    const newest = knownMigrations().at(-1)!;
    const { down } = (await import(`../../src/store/migrations/${newest}.ts`)) as { down: (db: unknown) => Promise<void> };
    await down(store.db);
    await sql`delete from kysely_migration where name = ${newest}`.execute(store.db);
    expect(await migrateToLatest(store.db)).toEqual([newest]);
  });

  it('a database a newer Cadence migrated is refused, not used as if current', async () => {
    store = openStore(':memory:');
    await migrateToLatest(store.db);
    await sql`insert into kysely_migration (name, timestamp) values ('2999-01-01-999-from-the-future', '2999-01-01T00:00:00.000Z')`.execute(store.db);
    await expect(migrateToLatest(store.db)).rejects.toThrow(/2999-01-01-999-from-the-future/);
  });
});
