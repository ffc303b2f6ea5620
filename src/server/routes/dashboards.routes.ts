import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { DRILL_FIGURES, drillTeamDashboard, teamDashboard } from '../../services/team-dashboard.ts';
import { actorOf } from '../auth.ts';

// Dates are checked by the service so the message names the field.
const date = z.string().max(20).optional();

export async function dashboardRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['dashboards'];

  app.get(
    '/api/dashboards/team',
    { schema: { tags, summary: 'The team dashboard over a period (from/to dates, both included; default the last 30 days), each figure with the ids behind it', querystring: z.strictObject({ from: date, to: date }) } },
    async (request) => teamDashboard(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/dashboards/team/drill',
    {
      schema: {
        tags,
        summary: 'The records behind one figure of the team dashboard (hits or misses, overall, for a CSM or a team)',
        querystring: z.strictObject({ figure: z.enum(DRILL_FIGURES), part: z.enum(['hits', 'misses']).optional(), csm: z.string().max(64).optional(), team: z.string().max(64).optional(), from: date, to: date }),
      },
    },
    async (request) => drillTeamDashboard(deps, actorOf(request), request.query),
  );
}
