import { z } from 'zod';
import { RISK_SEVERITIES } from '../../domain/meeting/meeting.ts';
import { RISK_TYPES } from '../../domain/model.ts';
import { AGE_BUCKETS, RISK_STATUSES } from '../../domain/account/risks.ts';
import { freeListParam, listParam } from './query.ts';
import { InstantSchema } from './responses.ts';

// The bodies are the domain's: createRisk, updateRisk and closeRisk take exactly these.
export { RiskCloseSchema, RiskCreateSchema, RiskUpdateSchema } from '../../domain/account/risks.ts';

export const RiskListQuerySchema = z.strictObject({
  type: listParam(RISK_TYPES),
  severity: listParam(RISK_SEVERITIES),
  status: listParam(RISK_STATUSES),
  owner: freeListParam,
  accountId: z.string().min(1).max(64).optional(),
});

export const RiskSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    type: z.enum(RISK_TYPES),
    severity: z.enum(RISK_SEVERITIES),
    arrAtRisk: z.number().nullable(),
    evidence: z.string(),
    status: z.enum(RISK_STATUSES),
    ownerId: z.string().nullable(),
    meetingId: z.string().nullable().describe('The meeting the risk came from'),
    transcriptId: z.string().nullable().optional().describe('The transcript the risk came from'),
    resolution: z.string().nullable(),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
    closedAt: InstantSchema.nullable(),
  })
  .meta({ id: 'Risk' });
export type Risk = z.infer<typeof RiskSchema>;

const RegisterCellSchema = z.object({ count: z.number().int(), arrAtRisk: z.number(), riskIds: z.array(z.string()) }).meta({ id: 'RiskRegisterCell' });

export const RiskRegisterSchema = z
  .object({
    items: z.array(RiskSchema.extend({ accountName: z.string(), accountArr: z.number().nullable() })),
    register: z.object({
      open: RegisterCellSchema,
      byType: z.record(z.string(), RegisterCellSchema),
      bySeverity: z.record(z.string(), RegisterCellSchema),
      byOwner: z.record(z.string(), RegisterCellSchema).describe("Keyed by owner id; 'unowned' for risks nobody owns"),
      byAge: z.record(z.enum(AGE_BUCKETS), RegisterCellSchema),
      arrAtRisk: z.number().describe("ARR at risk across the book, each account's share capped at its ARR"),
      accountIds: z.array(z.string()),
    }),
    nextCursor: z.null(),
  })
  .meta({ id: 'RiskRegister' });
export type RiskRegisterView = z.infer<typeof RiskRegisterSchema>;
