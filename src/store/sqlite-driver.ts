import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Kysely's SQLite driver guards the one connection with a lock that wakes every waiter at each
 * release and lets whoever runs first take it, so under load a query could lose the race again and
 * again while newer ones went ahead: at 200 clients some requests waited past 10 s (issue #16).
 * This one hands the connection to the waiters in the order they asked, one at a time, and a query
 * that finds it free takes it at once.
 */
class FifoSqliteDriver extends SqliteDriver {
  #connection: DatabaseConnection | undefined;
  #held = false;
  readonly #waiting: (() => void)[] = [];

  override async init(): Promise<void> {
    await super.init();
    // Kysely's own lock is taken once here and kept: from now on only the queue below decides.
    this.#connection = await super.acquireConnection();
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#held) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#held = true;
    return this.#connection!;
  }

  override async releaseConnection(): Promise<void> {
    const next = this.#waiting.shift();
    // Handed straight to the next in line: the connection never looks free in between, so no one jumps the queue.
    if (next) next();
    else this.#held = false;
  }
}

export class FifoSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new FifoSqliteDriver(this.#config);
  }
}
