import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { FINDINGS_SENDER, receiveFindings, verifyFindingsDelivery } from '../../services/connections/findings.ts';
import { parseAtEdge } from '../validate.ts';
import { FindingsDeliverySchema, FindingsReceiptSchema, findingsSchemaFor } from './findings.schema.ts';
import { errorResponses } from './responses.ts';
// The same cap as every other route (build-app's BODY_LIMIT); kept here to avoid an import cycle.
const BODY_LIMIT = 1024 * 1024;

/**
 * POST /api/findings: the product reports what it found for an account. Authenticated by an
 * API token, or by an HMAC signature over the raw body, which is why this route (alone, in its
 * own scope) keeps the body as the string that was received.
 */
export async function findingsRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  await root.register(async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));
    app.post(
      '/api/findings',
      {
        config: { public: true },
        // The schemas below document the delivery; the handler checks it, after the signature.
        validatorCompiler: () => (data) => ({ value: data }),
        schema: {
          tags: ['findings'],
          operationId: 'reportFindings',
          body: FindingsDeliverySchema,
          security: [{ bearer: [] }, { findingsSignature: [], findingsTimestamp: [] }],
          response: {
            200: { description: 'Every finding was seen before: nothing new', content: { 'application/json': { schema: FindingsReceiptSchema } } },
            201: { description: 'At least one finding was new', content: { 'application/json': { schema: FindingsReceiptSchema } } },
            ...errorResponses(404),
          },
          summary: 'Report product findings (one or an array of up to 1000) for accounts; replayed delivery ids are ignored',
          description:
            'Send `Authorization: Bearer <token>`, or sign the raw body: `X-Cadence-Timestamp: <unix seconds>` and `X-Cadence-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the findings integration\'s signing secret. Body: `{ deliveryId, accountId | accountExternalId, kind: vulnerability|error|usage|other, title, severity?, detail?, foundAt }` or an array of them.',
        },
      },
      async (request, reply) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        const bearer = request.headers.authorization?.startsWith('Bearer ') && request.actor;
        if (!bearer) await verifyFindingsDelivery(deps, raw, request.headers);
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          throw new AppError('invalid', 'the request body is not valid JSON');
        }
        const receipt = await receiveFindings(deps, bearer ? request.actor! : FINDINGS_SENDER, parseAtEdge(findingsSchemaFor(body), body));
        return reply.status(receipt.created > 0 ? 201 : 200).send(receipt);
      },
    );
  });
}
