import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { cadence } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

// Security review finding (low): the only rule was 10 characters, so ten spaces passed.
describe.each(dialects)('passwords need 12 characters, not all spaces, and not a common one, on %s', (dialect) => {
  let server: TestServer;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await server.userWithToken('admin');
  });
  afterAll(() => server.close());

  const add = (password: string, n: number) => server.call('POST', '/api/users', { token: admin.token, body: { email: `p${n}@example.com`, name: `P ${n}`, role: 'csm', password } });

  it('refuses short, blank and common passwords with a 400 naming the field, and adds nobody', async () => {
    const cases: [string, RegExp][] = [
      ['elevenchars', /at least 12 characters/],
      [' '.repeat(12), /only spaces/],
      ['\t'.repeat(14), /only spaces/],
      ['qwertyuiop123', /most common passwords/],
      ['1Q2W3E4R5T6Y', /most common passwords/],
    ];
    for (const [i, [password, message]] of cases.entries()) {
      const res = await add(password, i);
      expect(res.status, JSON.stringify(password)).toBe(400);
      expect(res.body.error.field).toBe('password');
      expect(res.body.error.message).toMatch(message);
    }
    const users = await server.call('GET', '/api/users', { token: admin.token });
    expect(users.body.items.map((u: { email: string }) => u.email)).not.toContain('p0@example.com');
    expect((await add('a long unusual passphrase', 99)).status).toBe(201);
  });

  it('the CLI refuses a common password in one line', async () => {
    const run = await cadence(server.deps.testDb.dataDir, ['user', 'add', '--email', 'cli@example.com', '--name', 'Cli', '--role', 'csm', '--password', 'qwertyuiop123'], {
      DATABASE_URL: server.deps.testDb.url,
      CADENCE_SECRET: 'test-secret-test-secret-test-secret-123',
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('most common passwords');
  });
});
