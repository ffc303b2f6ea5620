import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Avatar } from '../../components/Avatar';
import type { Account, User } from '../../lib/api-client';
import { formatArr, formatDate, formatDay, formatInstant, label } from '../../lib/format';
import { getLogoPattern, logoUrlFor } from '../../lib/logo';
import type { BookColumn } from './book-view';

const WEEK_AHEAD = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const dueSoon = (date: string | null | undefined) => !!date && date <= WEEK_AHEAD;

export interface ColumnSpec {
  title: string;
  /** The API's sort key. */
  sort: string;
  width: string;
  numeric?: boolean;
  cell: (a: Account, people: Map<string, User>) => ReactNode;
}

/** Every column of the book: its title, its sort, how wide, and what a row shows in it. */
export const COLUMN_SPECS: Record<BookColumn, ColumnSpec> = {
  health: {
    title: 'Health',
    sort: 'health',
    width: '5rem',
    cell: (a) => (
      <span className={`health ${a.healthColour ?? 'unknown'}`} title={a.healthColour ? `Health ${a.healthColour}${a.healthScore === null ? '' : ` ${a.healthScore}`}` : 'Health not scored yet'}>
        {a.healthColour ?? '—'}
      </span>
    ),
  },
  name: {
    title: 'Account',
    sort: 'name',
    width: 'minmax(12rem, 2fr)',
    cell: (a) => (
      <span className="account-name">
        <Avatar name={a.name} src={logoUrlFor(getLogoPattern(), { name: a.name, domain: a.activity?.domain ?? null })} size={22} shape="square" />
        <Link to={`/accounts/${a.id}`} tabIndex={-1}>
          {a.name}
        </Link>
      </span>
    ),
  },
  segment: { title: 'Segment', sort: 'segment', width: '7rem', cell: (a) => label(a.segment) },
  stage: { title: 'Stage', sort: 'stage', width: '7rem', cell: (a) => label(a.stage) },
  deployment: { title: 'Deployment', sort: 'deployment', width: '7rem', cell: (a) => label(a.deployment) },
  arr: { title: 'ARR', sort: 'arr', width: '7rem', numeric: true, cell: (a) => formatArr(a.arr) },
  renewal: { title: 'Renewal', sort: 'renewal', width: '7.5rem', cell: (a) => formatDate(a.renewalDate) },
  last_call: { title: 'Last call', sort: 'last_call', width: '7rem', cell: (a) => (a.activity?.lastCallAt ? formatDay(a.activity.lastCallAt) : '—') },
  next_call: {
    title: 'Next call due',
    sort: 'next_call',
    width: '10.5rem',
    cell: (a) => (
      <span className={a.activity?.overdueDays ? 'overdue' : undefined} title={a.activity?.nextCallAt ? `Next call booked ${formatInstant(a.activity.nextCallAt)}` : 'No call booked'}>
        {a.activity?.nextCallDue ? <time dateTime={a.activity.nextCallDue}>{formatDate(a.activity.nextCallDue)}</time> : '—'}
        {a.activity?.overdueDays ? ` (${a.activity.overdueDays} d late)` : dueSoon(a.activity?.nextCallDue) ? <span className="badge due-soon">soon</span> : ''}
      </span>
    ),
  },
  overdue: { title: 'Days overdue', sort: 'overdue', width: '6rem', numeric: true, cell: (a) => (a.activity?.overdueDays ? <span className="overdue">{a.activity.overdueDays}</span> : '0') },
  risks: { title: 'Risks', sort: 'risks', width: '4.5rem', numeric: true, cell: (a) => (a.activity?.openRisks ? <span className="badge warn">{a.activity.openRisks}</span> : '0') },
  owner: { title: 'Owner', sort: 'owner', width: 'minmax(7rem, 1fr)', cell: (a, people) => (a.ownerId ? (people.get(a.ownerId)?.name ?? '…') : 'Unassigned') },
  tags: { title: 'Tags', sort: 'tags', width: 'minmax(6rem, 1fr)', cell: (a) => a.tags.join(', ') || '—' },
  external_id: { title: 'External id', sort: 'external_id', width: '8rem', cell: (a) => a.externalId ?? '—' },
};
