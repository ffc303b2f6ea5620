import type { Logger } from 'pino';
import { createLogger } from './logger.ts';
import { uuidv7 } from 'uuidv7';
import type { Config } from './config.ts';
import { createSmtpMailer, unconfiguredMailer, type Mailer } from './integrations/email/mailer.ts';
import { APPLICATION_NAME, openStore, type Store } from './store/database.ts';

/** Everything a use case may need from the outside world, passed in so tests can swap any part. */
export interface Deps {
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  /** The current time; tests pin it. */
  now(): Date;
  /** A new id that sorts by creation (UUIDv7). */
  newId(): string;
  readonly mailer: Mailer;
}

/** The composition root: plain functions, no container. */
export function createDeps(config: Config, overrides: Partial<Omit<Deps, 'config'>> = {}): Deps {
  let logger = overrides.logger;
  return {
    config,
    store: overrides.store ?? openStore(config.databaseUrl, { applicationName: APPLICATION_NAME, sqliteSync: config.sqliteSync }),
    // Made on first use: most CLI commands never log, and loading the logger was a tenth of their start (issue #16).
    get logger() {
      return (logger ??= createLogger(config.logLevel));
    },
    now: overrides.now ?? (() => new Date()),
    newId: overrides.newId ?? (() => uuidv7()),
    mailer: overrides.mailer ?? (config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : unconfiguredMailer),
  };
}

export function nowIso(deps: Pick<Deps, 'now'>): string {
  return deps.now().toISOString();
}
