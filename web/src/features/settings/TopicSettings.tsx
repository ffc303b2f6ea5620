import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { label } from '../../lib/format';
import { FormError, isAbout, problemOf, type FieldProblem } from './form-errors';

interface Topic {
  id: string;
  text: string;
  deployments: string[];
  segments: string[];
  active: boolean;
}
interface HotTopic {
  id: string;
  text: string;
  startsOn: string;
  expiresOn: string;
  deployments: string[];
}

const DEPLOYMENTS = ['saas', 'self_managed', 'dedicated'];
const SEGMENTS = ['enterprise', 'commercial', 'scale'];
let made = 0;
const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(made += 1)}`;
const today = () => new Date().toISOString().slice(0, 10);

function toggle(list: string[], value: string, on: boolean) {
  return on ? [...new Set([...list, value])] : list.filter((v) => v !== value);
}

/** The suggested-topic library the agenda draws from, and the hot sheet of time-boxed topics. */
export function TopicSettings({ canEdit }: { canEdit: boolean }) {
  const client = useQueryClient();
  const library = useQuery({ queryKey: ['settings', 'topics'], queryFn: () => api<{ topics: (Topic & { position: number })[]; hotSheet: HotTopic[] }>('GET', '/api/settings/agenda-topics') });
  const [topics, setTopics] = useState<Topic[]>([]);
  const [hot, setHot] = useState<HotTopic[]>([]);
  const [problem, setProblem] = useState<{ where: 'topics' | 'hot'; p: FieldProblem } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (!library.data) return;
    setTopics(library.data.topics.map(({ position: _p, ...t }) => t));
    setHot(library.data.hotSheet);
  }, [library.data]);
  const done = (what: string) => () => {
    setSaved(what);
    setProblem(null);
    void client.invalidateQueries({ queryKey: ['settings', 'topics'] });
  };
  const saveTopics = useMutation({ mutationFn: () => api('PUT', '/api/settings/agenda-topics', topics), onSuccess: done('Topic library'), onError: (e) => setProblem({ where: 'topics', p: problemOf(e) }) });
  const saveHot = useMutation({ mutationFn: () => api('PUT', '/api/settings/hot-sheet', hot), onSuccess: done('Hot sheet'), onError: (e) => setProblem({ where: 'hot', p: problemOf(e) }) });

  if (library.isPending) return <Loading what="the topic library" />;
  if (library.isError) return <ErrorState error={library.error} />;
  const topicProblem = problem?.where === 'topics' ? problem.p : null;
  const hotProblem = problem?.where === 'hot' ? problem.p : null;
  const rowInvalid = (p: FieldProblem | null, i: number) => isAbout(p, String(i));

  return (
    <>
      <form
        className="settings-form"
        aria-labelledby="topics-h"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          saveTopics.mutate();
        }}
      >
        <h2 id="topics-h">Suggested-topic library</h2>
        <p className="hint">Agendas suggest these topics; limit one to some deployments or segments, or switch it off.</p>
        <ol className="topic-list">
          {topics.map((t, i) => (
            <li key={t.id} className={rowInvalid(topicProblem, i) ? 'invalid' : undefined}>
              <input aria-label={`Topic ${i + 1}`} value={t.text} onChange={(e) => setTopics(topics.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))} disabled={!canEdit} aria-invalid={rowInvalid(topicProblem, i)} />
              <label className="check">
                <input type="checkbox" checked={t.active} onChange={(e) => setTopics(topics.map((x, j) => (j === i ? { ...x, active: e.target.checked } : x)))} disabled={!canEdit} /> active
              </label>
              <fieldset className="inline-checks">
                <legend className="visually-hidden">Only for deployments</legend>
                {DEPLOYMENTS.map((d) => (
                  <label key={d} className="check">
                    <input type="checkbox" checked={t.deployments.includes(d)} onChange={(e) => setTopics(topics.map((x, j) => (j === i ? { ...x, deployments: toggle(x.deployments, d, e.target.checked) } : x)))} disabled={!canEdit} />{' '}
                    {label(d)}
                  </label>
                ))}
              </fieldset>
              <fieldset className="inline-checks">
                <legend className="visually-hidden">Only for segments</legend>
                {SEGMENTS.map((s) => (
                  <label key={s} className="check">
                    <input type="checkbox" checked={t.segments.includes(s)} onChange={(e) => setTopics(topics.map((x, j) => (j === i ? { ...x, segments: toggle(x.segments, s, e.target.checked) } : x)))} disabled={!canEdit} /> {s}
                  </label>
                ))}
              </fieldset>
              {canEdit && (
                <span className="panel-buttons">
                  <button type="button" onClick={() => setTopics(move(topics, i, -1))} disabled={i === 0} aria-label={`Move topic ${i + 1} up`}>
                    ↑
                  </button>
                  <button type="button" onClick={() => setTopics(topics.filter((_, j) => j !== i))} aria-label={`Remove topic ${i + 1}`}>
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
        <p className="hint">Empty deployment and segment boxes mean every account.</p>
        {topicProblem && (
          <p className="error" role="alert">
            {topicProblem.field && /^\d+/.test(topicProblem.field) ? `Topic ${Number(topicProblem.field.split('.')[0]) + 1}: ` : ''}
            {topicProblem.message}
          </p>
        )}
        {canEdit && (
          <div className="buttons">
            <button type="button" onClick={() => setTopics([...topics, { id: newId('topic'), text: '', deployments: [], segments: [], active: true }])}>
              Add topic
            </button>
            <button type="submit" className="primary" disabled={saveTopics.isPending}>
              Save topic library
            </button>
            {saved === 'Topic library' && (
              <span role="status" className="notice">
                Topic library saved.
              </span>
            )}
          </div>
        )}
      </form>

      <form
        className="settings-form"
        aria-labelledby="hot-h"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          saveHot.mutate();
        }}
      >
        <h2 id="hot-h">Hot sheet</h2>
        <p className="hint">Time-boxed topics every agenda raises between two dates (a release, a security notice).</p>
        {hot.length === 0 && <p className="empty">Nothing on the hot sheet.</p>}
        <ol className="topic-list">
          {hot.map((t, i) => (
            <li key={t.id} className={rowInvalid(hotProblem, i) ? 'invalid' : undefined}>
              <input aria-label={`Hot topic ${i + 1}`} value={t.text} onChange={(e) => setHot(hot.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))} disabled={!canEdit} />
              <label>
                from <input type="date" value={t.startsOn} onChange={(e) => setHot(hot.map((x, j) => (j === i ? { ...x, startsOn: e.target.value } : x)))} disabled={!canEdit} aria-invalid={isAbout(hotProblem, `${i}.startsOn`)} />
              </label>
              <label>
                until <input type="date" value={t.expiresOn} onChange={(e) => setHot(hot.map((x, j) => (j === i ? { ...x, expiresOn: e.target.value } : x)))} disabled={!canEdit} aria-invalid={isAbout(hotProblem, `${i}.expiresOn`)} />
              </label>
              {canEdit && (
                <span className="panel-buttons">
                  <button type="button" onClick={() => setHot(hot.filter((_, j) => j !== i))} aria-label={`Remove hot topic ${i + 1}`}>
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
        {hotProblem && <FormError problem={hotProblem} fields={[]} />}
        {canEdit && (
          <div className="buttons">
            <button type="button" onClick={() => setHot([...hot, { id: newId('hot'), text: '', startsOn: today(), expiresOn: today(), deployments: [] }])}>
              Add hot topic
            </button>
            <button type="submit" className="primary" disabled={saveHot.isPending}>
              Save hot sheet
            </button>
            {saved === 'Hot sheet' && (
              <span role="status" className="notice">
                Hot sheet saved.
              </span>
            )}
          </div>
        )}
      </form>
    </>
  );
}

function move<T>(list: T[], i: number, by: number): T[] {
  const next = [...list];
  const [item] = next.splice(i, 1);
  next.splice(Math.max(0, i + by), 0, item!);
  return next;
}
