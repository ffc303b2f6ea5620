import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { FormError, problemOf, type FieldProblem } from './form-errors';
import type { RoleMappings } from '../../../../src/server/routes/sso.schema.ts';

const ROLES = ['viewer', 'csm', 'manager', 'admin'] as const;
type Row = RoleMappings['mappings'][number];

/** Admins map an IdP claim value or group (OIDC role claim, SAML attribute, SCIM group) to a Cadence role. */
export function SingleSignOnSettings() {
  const client = useQueryClient();
  const saved = useQuery({ queryKey: ['settings', 'role-mappings'], queryFn: () => api<RoleMappings>('GET', '/api/settings/role-mappings') });
  const [rows, setRows] = useState<Row[]>([]);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (saved.data) setRows(saved.data.mappings);
  }, [saved.data]);
  const save = useMutation({
    mutationFn: () => api<RoleMappings>('PUT', '/api/settings/role-mappings', { mappings: rows.filter((r) => r.value.trim() !== '').map((r) => ({ value: r.value.trim(), role: r.role })) }),
    onSuccess: (answer) => {
      setProblem(null);
      setDone(`Saved ${answer.mappings.length} ${answer.mappings.length === 1 ? 'row' : 'rows'}. SCIM group members have their new roles now; others get theirs at their next sign-in.`);
      client.setQueryData(['settings', 'role-mappings'], answer);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  if (saved.isPending) return <Loading what="the role mapping" />;
  if (saved.isError) return <ErrorState error={saved.error} />;
  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    save.mutate();
  }
  return (
    <form className="settings-form" aria-labelledby="sso-h" onSubmit={submit} noValidate>
      <h2 id="sso-h">Single sign-on role mapping</h2>
      <p className="hint">
        A person signing in through your identity provider, or pushed by SCIM, gets the most powerful role any of their claim values or groups maps to. Nobody matched: a new person gets the default role (CADENCE_SSO_DEFAULT_ROLE); a known
        one keeps theirs.
      </p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Claim value or group</th>
            <th scope="col">Role</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td>
                <input aria-label={`Claim value or group ${i + 1}`} value={row.value} maxLength={200} onChange={(e) => update(i, { value: e.target.value })} />
              </td>
              <td>
                <select aria-label={`Role for row ${i + 1}`} value={row.role} onChange={(e) => update(i, { role: e.target.value as Row['role'] })}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" onClick={() => setRows([...rows, { value: '', role: 'csm' }])}>
          Add a row
        </button>{' '}
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save mapping'}
        </button>
      </p>
      <FormError problem={problem} fields={[]} />
      {done && <p role="status">{done}</p>}
    </form>
  );
}
