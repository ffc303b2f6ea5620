import type { Deps } from '../../deps.ts';
import { listCrmPullRuns } from '../../store/crm-pull.repo.ts';
import { listIntegrations } from '../../store/integrations.repo.ts';
import { CRM_KINDS } from '../connections/integration-clients.ts';
import { crmPullActor, loadCrmMapping, pullCrm, type CrmPullReport } from './crm-pull.ts';

/**
 * The scheduled pull: each enabled CRM connection with a saved mapping that asks for it, once its
 * interval since the last pull started is over. A connection without a saved mapping is only
 * pulled when someone asks (a CRM connected to receive meetings does not fill the book unasked).
 */
export async function pullDueCrms(deps: Deps): Promise<CrmPullReport[]> {
  const db = deps.store.db;
  const now = deps.now().getTime();
  const out: CrmPullReport[] = [];
  for (const integration of await listIntegrations(db, { kinds: CRM_KINDS, enabled: true })) {
    const loaded = await loadCrmMapping(db, integration).catch(() => null);
    if (loaded && (!loaded.saved || !loaded.mapping.scheduled)) continue;
    const last = (await listCrmPullRuns(db, integration.id, 1))[0];
    const everyMs = (loaded?.mapping.everyMinutes ?? 60) * 60_000;
    if (last && Date.parse(last.started_at) + everyMs > now) continue;
    const { pulls } = await pullCrm(deps, crmPullActor(integration.name), { integration: integration.id });
    out.push(...pulls);
  }
  return out;
}
