import { ArrowDownRight, ArrowRight, ArrowUpRight, Building2, CalendarClock, CircleDollarSign, Clock, HeartPulse, Minus, UserRound, UsersRound } from 'lucide-react';
import { useRef, useState } from 'react';
import { Avatar } from '../../components/Avatar';
import { Badge, healthTone, type Tone } from '../../components/Badge';
import { Stat } from '../../components/Stat';
import { EditAccountTeam } from './EditAccountTeam';
import type { Account } from '../../lib/api-client';
import { formatArr, formatDate, getDisplayZone, label } from '../../lib/format';
import type { AccountHealthView } from '../../../../src/server/routes/health.schema.ts';
import { clockIn } from '../../../../src/domain/calendar/call-time.ts';
import { daysBetween, localDate } from '../../../../src/domain/calendar/business-calendar.ts';

/** "renews in 64 days", "renews today", "renewal passed 3 days ago": counted in the signed-in user's calendar days. */
export function renewalCountdown(renewalDate: string | null, today: string): { days: number | null; text: string; tone: Tone } {
  if (!renewalDate) return { days: null, text: 'no renewal date', tone: 'neutral' };
  const days = daysBetween(today, renewalDate);
  if (days < 0) return { days, text: `renewal passed ${-days} day${days === -1 ? '' : 's'} ago`, tone: 'danger' };
  if (days === 0) return { days, text: 'renews today', tone: 'danger' };
  return { days, text: `renews in ${days} day${days === 1 ? '' : 's'}`, tone: days <= 30 ? 'danger' : days <= 90 ? 'warning' : 'neutral' };
}

const TREND = {
  improving: { icon: ArrowUpRight, text: 'improving' },
  declining: { icon: ArrowDownRight, text: 'declining' },
  steady: { icon: ArrowRight, text: 'steady' },
  unknown: { icon: Minus, text: 'trend not known yet' },
} as const;

/**
 * The account at a glance: who it is, what it is worth, when it renews, who looks after it, its time and its health.
 * Whoever may edit the account (everyone but a viewer, as the API decides) edits its team from here.
 */
export function AccountHeader({ account: a, health, names, logoUrl, canEdit = false }: { account: Account; health: AccountHealthView | undefined; names: (id: string) => string; logoUrl: string | null; canEdit?: boolean }) {
  const [editingTeam, setEditingTeam] = useState(false);
  const [teamSaved, setTeamSaved] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const closeTeam = (saved: boolean) => {
    setEditingTeam(false);
    setTeamSaved(saved);
    // Back to where the keyboard was, once the form is gone.
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const renewal = renewalCountdown(a.renewalDate, localDate(new Date(), getDisplayZone()));
  const trend = TREND[health?.trend.direction ?? 'unknown'];
  const TrendIcon = trend.icon;
  const delta = health?.trend.delta ?? null;
  const owner = a.ownerId ? names(a.ownerId) : null;
  return (
    <header className="account-header">
      <div className="account-identity">
        <Avatar name={a.name} src={logoUrl} size={56} shape="square" />
        <div>
          <h1>
            {a.name} {a.archivedAt && <Badge>archived</Badge>}
          </h1>
          <p className="account-tags">
            <Badge tone="info" icon={Building2}>
              {label(a.segment)}
            </Badge>
            <Badge tone={a.stage === 'at_risk' || a.stage === 'churned' ? 'danger' : a.stage === 'renewal' ? 'warning' : 'accent'}>{label(a.stage)}</Badge>
            <span className="muted">
              {label(a.deployment)}
              {a.productVersion ? ` ${a.productVersion}` : ''}
            </span>
          </p>
          <p className="account-zone">
            <Clock aria-hidden="true" size={14} /> Customer time zone: <strong>{a.timezone.replace(/_/g, ' ')}</strong> (now {clockIn(new Date().toISOString(), a.timezone)})
          </p>
        </div>
      </div>
      {/* The facts, and under them the team's editor button: in the facts' column, so it adds no height to the header. */}
      <div className="account-side">
        <dl className="account-facts">
          <Stat label="ARR" icon={CircleDollarSign} value={formatArr(a.arr)} testId="fact-arr" />
          <Stat label="Renewal" icon={CalendarClock} tone={renewal.tone} value={renewal.text} hint={a.renewalDate ? formatDate(a.renewalDate) : undefined} testId="fact-renewal" />
          <Stat
            label="Health"
            icon={HeartPulse}
            testId="fact-health"
            value={
              <Badge tone={healthTone(a.healthColour)} className="health-pill" title={a.healthColour ? `Health ${a.healthColour}` : 'Not scored yet'}>
                {a.healthColour ?? 'not scored'}
                {a.healthScore !== null ? ` ${a.healthScore}` : ''}
              </Badge>
            }
            hint={
              <span className={`trend trend-${health?.trend.direction ?? 'unknown'}`}>
                <TrendIcon aria-hidden="true" size={14} strokeWidth={2.5} /> {trend.text}
                {delta !== null ? ` (${delta > 0 ? '+' : ''}${delta} in 30 days)` : ''}
              </span>
            }
          />
          <Stat
            label="Owner and team"
            icon={UserRound}
            testId="fact-team"
            value={
              <span className="people">
                {owner ? (
                  <span className="person">
                    <Avatar name={owner} size={22} /> {owner}
                  </span>
                ) : (
                  'Unassigned'
                )}
              </span>
            }
            hint={
              a.team.some((m) => m.userId !== a.ownerId) ? (
                <span className="people">
                  {a.team
                    .filter((m) => m.userId !== a.ownerId)
                    .map((m) => (
                      <span className="person" key={`${m.userId}-${m.role}`}>
                        <Avatar name={names(m.userId)} size={18} /> {names(m.userId)} <small>{m.role.toUpperCase()}</small>
                      </span>
                    ))}
                </span>
              ) : (
                'no one else on the team'
              )
            }
          />
        </dl>
        {canEdit && (
          <div className="team-edit">
            {/* The design system's Button, by hand: the focus comes back to it when the form closes. */}
            <button
              ref={editButton}
              type="button"
              className="btn btn-ghost btn-sm"
              aria-expanded={editingTeam}
              aria-controls={editingTeam ? 'team-editor' : undefined}
              onClick={() => {
                setTeamSaved(false);
                setEditingTeam((open) => !open);
              }}
            >
              <UsersRound aria-hidden="true" size={14} strokeWidth={2} />
              Edit team
            </button>
            <span role="status">{teamSaved ? 'Team saved.' : ''}</span>
          </div>
        )}
      </div>
      {editingTeam && (
        <div id="team-editor" className="team-editor-panel">
          <EditAccountTeam account={a} onClose={closeTeam} />
        </div>
      )}
    </header>
  );
}
