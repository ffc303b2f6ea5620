import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { TeamDashboardAnswer } from '../../services/team/team-dashboard.ts';
import type { Deps } from '../../deps.ts';
import { drillTeamDashboard, teamDashboard } from '../../services/team/team-dashboard.ts';
import { actorOf } from '../auth.ts';
import { DashboardQuerySchema, DrillQuerySchema, DrillSchema, TeamDashboardSchema } from './dashboards.schema.ts';
import { exactErrorResponses, checkShape, type SameShape } from './responses.ts';

// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof TeamDashboardSchema>, TeamDashboardAnswer>>();

export async function dashboardRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['dashboards'];

  app.get(
    '/api/dashboards/team',
    {
      schema: {
        tags,
        operationId: 'getTeamDashboard',
        summary: 'The team dashboard over a period (from/to dates, both included; default the last 30 days), each figure with the ids behind it',
        querystring: DashboardQuerySchema,
        response: { 200: TeamDashboardSchema, ...exactErrorResponses(400) },
      },
    },
    async (request) => teamDashboard(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/dashboards/team/drill',
    {
      schema: {
        tags,
        operationId: 'drillTeamDashboard',
        summary: 'The records behind one figure of the team dashboard (hits or misses, overall, for a CSM or a team)',
        querystring: DrillQuerySchema,
        response: { 200: DrillSchema, ...exactErrorResponses(400) },
      },
    },
    async (request) => drillTeamDashboard(deps, actorOf(request), request.query),
  );
}
