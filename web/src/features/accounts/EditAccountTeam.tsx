import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { api, type Account } from '../../lib/api-client';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import { useUsers } from './use-users';
import { TEAM_ROLES, type TeamRole } from '../../../../src/domain/model.ts';
import './csm-forms.css';

type Member = { userId: string; role: TeamRole };

/** The team roles in the words the header uses. */
export const TEAM_ROLE_NAMES: Record<TeamRole, string> = { csm: 'CSM', ae: 'AE (account executive)', sa: 'SA (solutions architect)', ce: 'CE (customer engineer)', shadow: 'Shadow' };

/** What is wrong with a team before it is sent: a row without a colleague, or the same person twice in one role. */
export function teamProblem(team: Member[], nameOf: (id: string) => string): FieldProblem | null {
  const seen = new Set<string>();
  for (const [i, m] of team.entries()) {
    if (!m.userId) return { field: `team.${i}.userId`, message: `Choose a colleague for team member ${i + 1}, or remove the row.` };
    const key = `${m.userId}:${m.role}`;
    if (seen.has(key)) return { field: `team.${i}.userId`, message: `${nameOf(m.userId)} is already on the team as ${m.role.toUpperCase()}.` };
    seen.add(key);
  }
  return null;
}

/**
 * The account team as a form: add a colleague in a role (an AE, an SA …), change a role, remove
 * someone. It saves the whole team at once through the same PATCH the API offers, so the server's
 * rules (who may edit the account, who is a colleague) decide and its complaints show by the row.
 */
export function EditAccountTeam({ account, onClose }: { account: Account; onClose(saved: boolean): void }) {
  const client = useQueryClient();
  const users = useUsers();
  const [team, setTeam] = useState<Member[]>(account.team.map((m) => ({ userId: m.userId, role: m.role })));
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const nameOf = (id: string) => users.byId.get(id)?.name ?? 'someone';
  // Active colleagues, plus anyone already on the team (a deactivated member stays until removed).
  const people = (users.data?.items ?? []).filter((u) => u.active || team.some((m) => m.userId === u.id));
  const save = useMutation({
    mutationFn: () => api<Account>('PATCH', `/api/accounts/${account.id}`, { team }),
    onSuccess: (next) => {
      client.setQueryData(['account', account.id], next);
      void client.invalidateQueries({ queryKey: ['accounts'] });
      void client.invalidateQueries({ queryKey: ['timeline', account.id] });
      onClose(true);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const change = (i: number, patch: Partial<Member>) => setTeam((old) => old.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  function submit(event: FormEvent) {
    event.preventDefault();
    const wrong = teamProblem(team, nameOf);
    setProblem(wrong);
    if (!wrong) save.mutate();
  }
  return (
    <form className="settings-form team-editor" onSubmit={submit} noValidate aria-labelledby="team-edit-h">
      <h2 id="team-edit-h" ref={heading} tabIndex={-1}>
        Team of {account.name}
      </h2>
      <p className="muted">
        {account.ownerId ? `${nameOf(account.ownerId)} owns the account; ` : 'Nobody owns the account; '}
        the owner changes when the account is reassigned in the book of business.
      </p>
      {team.length === 0 && <p>No one is on the team yet.</p>}
      <ul className="team-picker team-rows">
        {team.map((m, i) => (
          <li key={i} className="form-row">
            <select aria-label={`Team member ${i + 1}`} value={m.userId} onChange={(e) => change(i, { userId: e.target.value })} {...invalidProps(problem, `team.${i}`, `team-edit-${i}`)}>
              <option value="">Choose a colleague</option>
              {people.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                  {u.id === account.ownerId ? ' (owner)' : ''}
                  {u.active ? '' : ' (deactivated)'}
                </option>
              ))}
            </select>
            <select aria-label={`Role of team member ${i + 1}`} value={m.role} onChange={(e) => change(i, { role: e.target.value as TeamRole })}>
              {TEAM_ROLES.map((r) => (
                <option key={r} value={r}>
                  {TEAM_ROLE_NAMES[r]}
                </option>
              ))}
            </select>
            <Button size="sm" variant="ghost" icon={Trash2} onClick={() => setTeam((old) => old.filter((_, j) => j !== i))} aria-label={`Remove ${m.userId ? nameOf(m.userId) : `team member ${i + 1}`} from the team`} />
            <FieldError problem={problem} field={`team.${i}`} id={`team-edit-${i}`} />
          </li>
        ))}
      </ul>
      <Button size="sm" icon={Plus} onClick={() => setTeam((old) => [...old, { userId: '', role: 'ae' }])}>
        Add a team member
      </Button>
      <FormError problem={problem} fields={['team']} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save team'}
        </button>
        <button type="button" onClick={() => onClose(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
