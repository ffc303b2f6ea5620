import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The forbidden arrows live in eslint.config.js and `.ci/run` runs `npm run lint`; these fixtures
 * prove a broken arrow really fails that run, so a config edit cannot silently switch it off.
 */
const eslint = new ESLint({ overrideConfigFile: 'eslint.config.js' });

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the forbidden import arrows', () => {
  it('a route that imports the store fails the lint', async () => {
    const errors = await restrictedImports("import { findAccount } from '../../store/accounts.repo.ts';\nexport const route = findAccount;\n", 'src/server/routes/fixture.routes.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('call a service');
  });

  it('a CLI command or a job that imports the store fails the lint, even for a type', async () => {
    const code = "import type { Store } from '../../store/database.ts';\nexport type S = Store;\n";
    expect(await restrictedImports(code, 'src/cli/commands/fixture.ts')).toHaveLength(1);
    expect(await restrictedImports(code.replace('../../', '../'), 'src/jobs/fixture.job.ts')).toHaveLength(1);
  });

  it('a route that calls a service passes', async () => {
    const code = "import { listAccounts } from '../../services/accounts.ts';\nexport const route = listAccounts;\n";
    expect(await restrictedImports(code, 'src/server/routes/fixture.routes.ts')).toEqual([]);
  });

  it('a domain rule that reads the disk fails the lint', async () => {
    const errors = await restrictedImports("import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n", 'src/domain/fixture.ts');
    expect(errors).toHaveLength(1);
  });

  it('a policy that reaches a service or the database fails the lint', async () => {
    const code = ["import { listAccounts } from '../services/accounts.ts';", "import { Kysely } from 'kysely';", 'export const both = [listAccounts, Kysely];', ''].join('\n');
    expect(await restrictedImports(code, 'src/policies/fixture.policy.ts')).toHaveLength(2);
  });

  it('a domain rule that takes the clock or the config from the composition root fails the lint', async () => {
    const code = "import type { Deps } from '../deps.ts';\nimport { loadConfig } from '../config.ts';\nexport const f = (d: Deps) => [d, loadConfig];\n";
    expect(await restrictedImports(code, 'src/domain/fixture.ts')).toHaveLength(2);
  });

  it('a policy built on domain types and the app error passes', async () => {
    const code = ["import type { Actor } from '../domain/model.ts';", "import { forbidden } from '../errors.ts';", 'export const f = (a: Actor) => (a.role === "viewer" ? forbidden() : null);', ''].join('\n');
    expect(await restrictedImports(code, 'src/policies/fixture.policy.ts')).toEqual([]);
  });

  it('the store never calls up into a service', async () => {
    const code = "import { listAccounts } from '../services/accounts.ts';\nexport const up = listAccounts;\n";
    expect(await restrictedImports(code, 'src/store/fixture.repo.ts')).toHaveLength(1);
  });

  it('an integration never reaches the store', async () => {
    const code = "import { findAccount } from '../../store/accounts.repo.ts';\nexport const f = findAccount;\n";
    expect(await restrictedImports(code, 'src/integrations/zendesk/fixture.ts')).toHaveLength(1);
  });

  it('the web app may import an API type from src/, type-only', async () => {
    const code = "import type { Account } from '../../../../src/domain/model.ts';\nexport type A = Account;\n";
    expect(await restrictedImports(code, 'web/src/features/accounts/Fixture.tsx')).toEqual([]);
  });

  it('the web app may not import server code from src/ at run time', async () => {
    const code = "import { accountScopeFor } from '../../../../src/policies/access.ts';\nexport const f = accountScopeFor;\n";
    expect(await restrictedImports(code, 'web/src/features/accounts/Fixture.tsx')).toHaveLength(1);
  });

  it('the web app may run a pure domain rule from src/domain/, as the server does', async () => {
    const code = "import { SECTION_TITLES } from '../../../../src/domain/agenda/agenda-sections.ts';\nexport const t = SECTION_TITLES;\n";
    expect(await restrictedImports(code, 'web/src/features/accounts/Fixture.tsx')).toEqual([]);
    expect(await restrictedImports(code.replace('src/domain/agenda/agenda-sections.ts', 'src/services/accounts/accounts.ts'), 'web/src/features/accounts/Fixture.tsx')).toHaveLength(1);
  });

  it("the web app's own src/ folder is not mistaken for the server's", async () => {
    const code = "import { api } from '../../src/lib/api-client.ts';\nexport const f = api;\n";
    expect(await restrictedImports(code, 'web/src/features/Fixture.tsx')).toEqual([]);
  });
  it('an integration test that mocks a module, changes process.env or fakes timers fails the lint (its process runs the next file too)', async () => {
    const [mocks, env, deleted, timers, fine] = await Promise.all(
      [
        "import { vi } from 'vitest';\nvi.mock('../../src/config.ts');\n",
        "process.env.DATABASE_URL = 'x';\n",
        'delete process.env.DATABASE_URL;\n',
        "import { vi } from 'vitest';\nvi.useFakeTimers();\n",
        "const env = { ...process.env, DATABASE_URL: 'x' };\nexport default env;\n",
      ].map(async (code) => ((await eslint.lintText(code, { filePath: 'test/api/fixture.test.ts' }))[0]?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax')),
    );
    expect([mocks, env, deleted, timers].map((m) => m?.length ?? 0)).toEqual([1, 1, 1, 1]);
    expect(env?.[0]?.message).toContain('share a process');
    expect(fine).toEqual([]);
  });
});
