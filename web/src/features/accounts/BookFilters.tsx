import { useEffect, useRef, useState } from 'react';
import type { User } from '../../lib/api-client';
import { label } from '../../lib/format';

const SEGMENTS = ['enterprise', 'commercial', 'scale'];
const STAGES = ['onboarding', 'adoption', 'steady', 'renewal', 'at_risk', 'churned'];
const DEPLOYMENTS = ['saas', 'self_managed', 'dedicated'];

type Update = (changes: Record<string, string | null>) => void;

function Choice({ name, param, options, params, update }: { name: string; param: string; options: [string, string][]; params: URLSearchParams; update: Update }) {
  return (
    <label>
      {name}{' '}
      <select value={params.get(param) ?? ''} onChange={(e) => update({ [param]: e.target.value || null })}>
        <option value="">All</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The book's filters, one for each column, kept in the address bar (so a view can be saved or shared as a link). */
export function BookFilters({ params, update, users }: { params: URLSearchParams; update: Update; users: User[] }) {
  const [q, setQ] = useState(params.get('q') ?? '');
  const [tag, setTag] = useState(params.get('tag') ?? '');
  const urlQ = params.get('q') ?? '';
  const urlTag = params.get('tag') ?? '';
  const typed = useRef({ q: urlQ, tag: urlTag });
  useEffect(() => {
    // A saved view switched the search (not the user's typing): show its words in the box.
    if (urlQ !== typed.current.q) setQ((typed.current.q = urlQ));
    if (urlTag !== typed.current.tag) setTag((typed.current.tag = urlTag));
  }, [urlQ, urlTag]);
  useEffect(() => {
    const t = setTimeout(() => {
      typed.current = { q: q.trim(), tag: tag.trim().toLowerCase() };
      update({ q: q.trim() || null, tag: tag.trim().toLowerCase() || null });
    }, 250);
    return () => clearTimeout(t);
    // Only the typing restarts the wait; `update` is rebuilt on every render.
  }, [q, tag]);

  const pairs = (values: string[]): [string, string][] => values.map((v) => [v, label(v)]);
  return (
    <div className="toolbar book-filters" role="group" aria-label="Filters">
      <label className="search">
        <span className="visually-hidden">Search accounts</span>
        <input type="search" placeholder="Search accounts, contacts, external ids, tags" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <Choice
        name="Health"
        param="health"
        options={[
          ['red', 'Red'],
          ['yellow', 'Yellow'],
          ['green', 'Green'],
          ['unknown', 'Not scored'],
          ['red,yellow', 'Red or yellow'],
        ]}
        params={params}
        update={update}
      />
      <Choice name="Segment" param="segment" options={pairs(SEGMENTS)} params={params} update={update} />
      <Choice name="Stage" param="stage" options={pairs(STAGES)} params={params} update={update} />
      <Choice name="Deployment" param="deployment" options={pairs(DEPLOYMENTS)} params={params} update={update} />
      <Choice name="Owner" param="owner" options={[['me', 'Me'], ...users.filter((u) => u.active && u.role !== 'viewer').map((u): [string, string] => [u.id, u.name])]} params={params} update={update} />
      <Choice
        name="Renewal"
        param="renewalWithinDays"
        options={[
          ['30', 'Within 30 days'],
          ['90', 'Within 90 days'],
          ['180', 'Within 180 days'],
          ['365', 'Within a year'],
        ]}
        params={params}
        update={update}
      />
      <Choice
        name="Next call"
        param="overdueMin"
        options={[
          ['1', 'Overdue'],
          ['7', 'A week late or more'],
          ['30', 'A month late or more'],
        ]}
        params={params}
        update={update}
      />
      <Choice
        name="Risks"
        param="risks"
        options={[
          ['open', 'With an open risk'],
          ['none', 'No open risk'],
        ]}
        params={params}
        update={update}
      />
      <label>
        Last call on or before <input type="date" value={params.get('lastCallTo') ?? ''} onChange={(e) => update({ lastCallTo: e.target.value || null })} />
      </label>
      <label>
        Tag <input className="tag-filter" value={tag} onChange={(e) => setTag(e.target.value)} maxLength={50} />
      </label>
    </div>
  );
}
