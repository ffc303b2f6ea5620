import { SCIM_GROUP, SCIM_LIST, SCIM_USER } from '../../domain/identity/scim.ts';

/** The SCIM discovery documents (RFC 7643 §5–7): what Cadence supports, so an IdP need not guess. */

export const SERVICE_PROVIDER_CONFIG = (baseUrl: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
  documentationUri: `${baseUrl}/docs`,
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: 200 },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
  authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer token', description: 'A SCIM token from `cadence scim token create`', primary: true }],
  meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/scim/v2/ServiceProviderConfig` },
});

export const resourceTypes = (baseUrl: string) => {
  const items = [
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'User', name: 'User', endpoint: '/Users', schema: SCIM_USER, meta: { resourceType: 'ResourceType', location: `${baseUrl}/scim/v2/ResourceTypes/User` } },
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'Group', name: 'Group', endpoint: '/Groups', schema: SCIM_GROUP, meta: { resourceType: 'ResourceType', location: `${baseUrl}/scim/v2/ResourceTypes/Group` } },
  ];
  return { schemas: [SCIM_LIST], totalResults: items.length, startIndex: 1, itemsPerPage: items.length, Resources: items };
};

const attribute = (name: string, extra: Record<string, unknown> = {}) => ({ name, type: 'string', multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', ...extra });

export const schemasList = () => {
  const items = [
    {
      id: SCIM_USER,
      name: 'User',
      description: 'A Cadence user; userName is the sign-in email',
      attributes: [
        attribute('userName', { required: true, uniqueness: 'server' }),
        attribute('displayName'),
        attribute('name', { type: 'complex', subAttributes: [attribute('formatted'), attribute('givenName'), attribute('familyName')] }),
        attribute('emails', { type: 'complex', multiValued: true, subAttributes: [attribute('value'), attribute('primary', { type: 'boolean' })] }),
        attribute('active', { type: 'boolean' }),
        attribute('groups', { type: 'complex', multiValued: true, mutability: 'readOnly', subAttributes: [attribute('value'), attribute('display')] }),
      ],
      meta: { resourceType: 'Schema' },
    },
    {
      id: SCIM_GROUP,
      name: 'Group',
      description: 'A group from the IdP; the role mapping in Settings maps its displayName to a Cadence role',
      attributes: [attribute('displayName', { required: true, uniqueness: 'server' }), attribute('members', { type: 'complex', multiValued: true, subAttributes: [attribute('value'), attribute('display')] })],
      meta: { resourceType: 'Schema' },
    },
  ];
  return { schemas: [SCIM_LIST], totalResults: items.length, startIndex: 1, itemsPerPage: items.length, Resources: items };
};
