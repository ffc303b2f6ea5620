import type { HotSheetTopic, SuggestedTopic } from '../../domain/meeting/meeting.ts';
import type { Actor } from '../../domain/model.ts';
import { DEFAULT_TOPICS, type HotSheet, type TopicLibrary } from '../../domain/agenda/suggested-topics.ts';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../store/database.ts';
import { invalid } from '../../errors.ts';
import { authorize } from '../../policies/authorize.ts';
import { canCurateTopics } from '../../policies/settings.policy.ts';
import { getSetting, putSetting } from '../../store/settings.repo.ts';
import { recordChange } from '../record-change.ts';

export async function getTopicLibrary(deps: Deps, db: Executor = deps.store.db): Promise<{ topics: SuggestedTopic[]; hotSheet: HotSheetTopic[] }> {
  const topics = (await getSetting<SuggestedTopic[]>(db, 'agenda.topics')) ?? DEFAULT_TOPICS.map((t, i) => ({ id: `default-${i + 1}`, text: t.text, deployments: t.deployments, segments: [], active: true, position: i }));
  return { topics, hotSheet: (await getSetting<HotSheetTopic[]>(db, 'agenda.hot_sheet')) ?? [] };
}

/** Managers curate the suggested-topic library; the agenda rotates through it call by call. */
export async function saveTopicLibrary(deps: Deps, actor: Actor, input: TopicLibrary): Promise<SuggestedTopic[]> {
  authorize(canCurateTopics(actor), 'only managers and admins curate the topic library');
  const ids = new Set<string>();
  for (const [i, t] of input.entries()) {
    if (ids.has(t.id)) throw invalid(`${i}.id '${t.id}' appears twice`, `${i}.id`);
    ids.add(t.id);
  }
  const topics = input.map((t, position) => ({ ...t, position }));
  await deps.store.db.transaction().execute(async (tx) => {
    await putSetting(tx, 'agenda.topics', topics, deps.now().toISOString(), actor.id);
    await recordChange(tx, deps, actor, { accountId: null, action: 'settings.topics', entityType: 'settings', entityId: 'agenda.topics', before: null, after: topics, summary: `Topic library saved (${topics.length} topics)` });
  });
  return topics;
}

/** Short-lived "hot sheet" topics (a release, a product manager's ask), shown until they expire. */
export async function saveHotSheet(deps: Deps, actor: Actor, input: HotSheet): Promise<HotSheetTopic[]> {
  authorize(canCurateTopics(actor), 'only managers and admins curate the hot sheet');
  for (const [i, t] of input.entries()) if (t.expiresOn < t.startsOn) throw invalid(`${i}.expiresOn is before its startsOn`, `${i}.expiresOn`);
  await deps.store.db.transaction().execute(async (tx) => {
    await putSetting(tx, 'agenda.hot_sheet', input, deps.now().toISOString(), actor.id);
    await recordChange(tx, deps, actor, { accountId: null, action: 'settings.hot_sheet', entityType: 'settings', entityId: 'agenda.hot_sheet', before: null, after: input, summary: `Hot sheet saved (${input.length} topics)` });
  });
  return input;
}
