import { z } from 'zod';
import { ROLES } from '../../domain/model.ts';

// The body is the domain's: saveRoleMappings takes exactly this.
export { RoleMappingsReplaceSchema } from '../../domain/identity/role-mapping.ts';

export const SignInOptionsSchema = z
  .object({
    passwordLogin: z.boolean().describe('false when CADENCE_PASSWORD_LOGIN=off: only the break-glass admin may use a password'),
    providers: z.array(
      z.object({
        id: z.enum(['oidc', 'saml']),
        name: z.string().describe('What the button says: "Sign in with <name>"'),
        loginUrl: z.string().describe('Navigate the browser here (not a fetch): it redirects to the identity provider'),
      }),
    ),
  })
  .meta({ id: 'SignInOptions' });
export type SignInOptions = z.infer<typeof SignInOptionsSchema>;

export const RoleMappingSchema = z.object({ value: z.string().describe('A value of the role claim, or an IdP / SCIM group name'), role: z.enum(ROLES) }).meta({ id: 'RoleMapping' });
export const RoleMappingsSchema = z.object({ mappings: z.array(RoleMappingSchema) }).meta({ id: 'RoleMappings' });
export type RoleMappings = z.infer<typeof RoleMappingsSchema>;
