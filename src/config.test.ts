import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_RULES, getEnvSchema, loadConfig } from './config.ts';
import { readByRules } from './config-rules.ts';

const long = (n: number) => 'x'.repeat(n);
/** Values near every rule's edges, and the words each rule knows. */
const PROBES = [
  ...['', ' ', '0', '-0', '-1', '1', '2', '3', '1.5', '0.0001', ' 12 ', '1e3', '0x10', 'NaN', 'Infinity', '-Infinity', '9007199254740993', 'abc'],
  ...['9', '10', '11', '15', '60', '63', '64', '120', '240', '241', '365', '366', '367', '500', '501', '520', '521', '1000', '1001', '3600', '3601', '5000', '5001', '65535', '65536'],
  ...['redis://a', 'rediss://a', 'smtp://a', 'smtps://a', 'http://a', 'https://a.example/', '/logos/{domain}.svg', 'a@b.example', 'common', 'bad tenant', 'Cadence <c@b.example>'],
  ...[2, 3, 31, 32, 40, 41, 63, 64, 80, 81, 200, 201, 500, 501, 2000, 2001].map(long),
  ...Object.values(ENV_RULES).flatMap((rule) => (rule.kind === 'word' ? rule.words : [])),
];

describe('reading the environment', () => {
  it('a bad URL, tenant or logo pattern is named with the words written for it', () => {
    let error: unknown;
    try {
      loadConfig({ REDIS_URL: 'localhost:6379', SMTP_URL: 'mail.example', CADENCE_MICROSOFT_TENANT: 'two words', CADENCE_LOGO_URL: 'https://logo.example/x.svg' });
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).problems).toEqual([
      'REDIS_URL: must be redis://… or rediss://…',
      'CADENCE_LOGO_URL: must be an http(s) URL or a path starting with /, holding {domain} or {name}, e.g. https://logo.example/{domain}',
      'SMTP_URL: must start with smtp:// or smtps://',
      'CADENCE_MICROSOFT_TENANT: must be common, organizations, consumers, a tenant id or a domain',
    ]);
  });

  it('an empty environment reads as the schema reads it, defaults and all', () => {
    expect(readByRules({}, ENV_RULES)).toEqual(getEnvSchema().parse({}));
  });

  it('every variable the plain rules accept has the value the schema gives it; the rest they leave to the schema', () => {
    let accepted = 0;
    for (const key of Object.keys(ENV_RULES)) {
      for (const value of PROBES) {
        const env = { [key]: value };
        const plain = readByRules(env, ENV_RULES);
        if (plain === undefined) continue;
        accepted += 1;
        const parsed = getEnvSchema().safeParse(env);
        expect(parsed.success, `${key}=${value}`).toBe(true);
        expect(plain, `${key}=${value}`).toEqual(parsed.data);
      }
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it('a command-line environment is read without the schema', () => {
    expect(readByRules({ PATH: '/usr/bin', CADENCE_DATA_DIR: '/tmp/data', DATABASE_URL: '/tmp/data/c.db', LOG_LEVEL: 'silent', PORT: '8080' }, ENV_RULES)).toMatchObject({ PORT: 8080, LOG_LEVEL: 'silent' });
  });

  it('a bad variable is reported in the schema words, every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', CADENCE_SECRET: 'short', CADENCE_BASE_URL: 'not a url' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      getEnvSchema()
        .safeParse({ PORT: 'eighty', LOG_LEVEL: 'loud', CADENCE_SECRET: 'short', CADENCE_BASE_URL: 'not a url' })
        .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
    expect(problems).toHaveLength(4);
    expect(problems).toContain('CADENCE_SECRET: must be at least 32 characters');
  });
});
