import type { Command } from 'commander';
import { z } from 'zod';
import { createScimToken, listScimTokensFor, revokeScimTokenById } from '../../services/identity/scim.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { shortText } from '../../domain/validation.ts';
import { withDeps } from '../context.ts';
import { parseInput } from '../parse-input.ts';
import { formatTable, printJson } from '../output.ts';
import type { CliIo } from '../io.ts';

const ScimTokenNameSchema = z.strictObject({ name: shortText(100) });

/** `cadence scim token create|list|revoke`: the bearer token the IdP's SCIM client sends. */
export function registerScimCommands(program: Command, io: CliIo): void {
  const token = program.command('scim').description('SCIM 2.0 provisioning from your identity provider').command('token').description('SCIM bearer tokens');
  token
    .command('create')
    .description('create a SCIM token and print it once (only its hash is kept); paste it into the IdP with the base URL <CADENCE_BASE_URL>/scim/v2')
    .option('--name <name>', 'what the token is for, e.g. "Okta"', 'scim')
    .action(async (o: { name: string }) => {
      const input = parseInput(ScimTokenNameSchema, { name: o.name });
      await withDeps(io, async (deps) => {
        const created = await createScimToken(deps, LOCAL_OPERATOR, input.name);
        io.stdout.write(`${created.token}\n`);
        io.stderr.write(`SCIM token ${created.id} created; it is shown only once. SCIM base URL: ${deps.config.baseUrl}/scim/v2\n`);
      });
    });
  token
    .command('list')
    .description('list SCIM tokens (never the tokens themselves)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const tokens = await listScimTokensFor(deps, LOCAL_OPERATOR);
        if (o.json) printJson(io.stdout, tokens);
        else io.stdout.write(`${formatTable(tokens, ['id', 'name', 'createdAt', 'lastUsedAt', 'revokedAt'])}\n`);
      });
    });
  token
    .command('revoke')
    .description('revoke a SCIM token at once')
    .argument('<id>', 'the token id from `cadence scim token list`')
    .action(async (id: string) => {
      await withDeps(io, async (deps) => {
        await revokeScimTokenById(deps, LOCAL_OPERATOR, id);
        io.stdout.write(`SCIM token ${id} revoked\n`);
      });
    });
}
