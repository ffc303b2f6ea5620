import { IGNORE, TAG, synonymOf } from '../../../../src/domain/import/fields.ts';
import type { User } from '../../lib/api-client';
import { label } from '../../lib/format';
import type { ImportMapping, ImportPreview } from './import-api';

type ValueTarget = 'segment' | 'stage' | 'deployment' | 'role' | 'status' | 'owner';
const VALUE_TARGETS: readonly string[] = ['segment', 'stage', 'deployment', 'role', 'status', 'owner'];

const REASON_WORDS: Record<ImportPreview['columns'][number]['reason'], string> = {
  mapping: 'your mapping',
  preset: 'the preset',
  name: 'its name',
  content: 'its values',
  unmapped: 'nothing matched',
};

/**
 * The proposed mapping, editable: each column of the file → a Cadence field, a tag or ignored,
 * with its sample values and why Cadence proposed it; then the values of enum and owner columns
 * → Cadence's values, and what a new record gets when no column gives a field. Native controls
 * in a table, so the keyboard and screen readers work as everywhere else.
 */
export function MappingTable({
  preview,
  proposed,
  mapping,
  users,
  onChange,
}: {
  preview: ImportPreview;
  /** The columns as Cadence first proposed them (before the user's changes), for the reasons. */
  proposed: ImportPreview['columns'] | undefined;
  mapping: ImportMapping;
  users: User[];
  onChange: (next: ImportMapping) => void;
}) {
  const fields = preview.fields.filter((f) => preview.kind === 'accounts' || f.name !== TAG);
  const fieldOf = new Map(preview.fields.map((f) => [f.name, f]));
  const valueColumns = preview.columns.filter((c) => VALUE_TARGETS.includes(mapping.columns[c.column] ?? '') && c.samples.length > 0);

  const setTarget = (column: string, target: string) => onChange({ ...mapping, columns: { ...mapping.columns, [column]: target } });
  const setValue = (target: ValueTarget, raw: string, value: string) => {
    const values = { ...(mapping.values ?? {}) } as Record<string, Record<string, string> | undefined>;
    const own = { ...(values[target] ?? {}) };
    if (value) own[raw] = value;
    else delete own[raw];
    values[target] = own;
    onChange({ ...mapping, values: values as ImportMapping['values'] });
  };
  const setDefault = (name: 'segment' | 'stage' | 'deployment' | 'timezone', value: string) => {
    const defaults = { ...(mapping.defaults ?? {}) } as Record<string, string>;
    if (value) defaults[name] = value;
    else delete defaults[name];
    onChange({ ...mapping, defaults: defaults as ImportMapping['defaults'] });
  };

  return (
    <>
      <table className="import-mapping">
        <caption>Each column of the file and where it goes in Cadence</caption>
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">Sample values</th>
            <th scope="col">Goes to</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {preview.columns.map((c) => (
            <tr key={c.column}>
              <th scope="row">{c.column}</th>
              <td className="samples">{c.samples.length ? c.samples.join(' · ') : <span className="muted">empty</span>}</td>
              <td>
                <select aria-label={`Where “${c.column}” goes`} value={mapping.columns[c.column] ?? IGNORE} onChange={(e) => setTarget(c.column, e.target.value)}>
                  {fields.map((f) => (
                    <option key={f.name} value={f.name}>
                      {f.label}
                    </option>
                  ))}
                </select>
              </td>
              <td className="muted">{reasonOf(c, proposed, mapping.columns[c.column], fieldOf)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {valueColumns.length > 0 && (
        <div className="import-values">
          <h3>Values</h3>
          <p className="hint">How the values of these columns read in Cadence. Leave “as Cadence reads it” to use the built-in meaning.</p>
          {valueColumns.map((c) => {
            const target = mapping.columns[c.column] as ValueTarget;
            const field = fieldOf.get(target);
            const own = (mapping.values as Record<string, Record<string, string> | undefined> | undefined)?.[target] ?? {};
            return (
              <fieldset key={c.column}>
                <legend>
                  {c.column} → {field?.label ?? target}
                </legend>
                {c.samples.map((raw) => (
                  <div key={raw} className="value-row">
                    <span aria-hidden="true">{raw}</span>
                    <select aria-label={`Cadence value for “${raw}” (${c.column})`} value={own[raw] ?? ''} onChange={(e) => setValue(target, raw, e.target.value)}>
                      <option value="">{readingOf(target, raw, field?.values ?? [], users)}</option>
                      {target === 'owner'
                        ? users.map((u) => (
                            <option key={u.id} value={u.email}>
                              {u.name} ({u.email})
                            </option>
                          ))
                        : (field?.values ?? []).map((v) => (
                            <option key={v} value={v}>
                              {label(v)}
                            </option>
                          ))}
                    </select>
                  </div>
                ))}
              </fieldset>
            );
          })}
        </div>
      )}

      <div className="import-defaults">
        <h3>Reading the file</h3>
        <label>
          Dates like 03/04/2026 are{' '}
          <select value={mapping.dateOrder ?? 'mdy'} onChange={(e) => onChange({ ...mapping, dateOrder: e.target.value as 'mdy' | 'dmy' })}>
            <option value="mdy">month first (4 March, US)</option>
            <option value="dmy">day first (3 April)</option>
          </select>
        </label>
        {preview.kind === 'accounts' && (
          <fieldset>
            <legend>A new account with no value gets</legend>
            {(['segment', 'stage', 'deployment'] as const).map((name) => (
              <label key={name}>
                {fieldOf.get(name)?.label ?? label(name)}{' '}
                <select value={mapping.defaults?.[name] ?? ''} onChange={(e) => setDefault(name, e.target.value)}>
                  <option value="">Cadence’s default</option>
                  {(fieldOf.get(name)?.values ?? []).map((v) => (
                    <option key={v} value={v}>
                      {label(v)}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <label>
              Time zone <input value={mapping.defaults?.timezone ?? ''} placeholder="Europe/Berlin" onChange={(e) => setDefault('timezone', e.target.value.trim())} />
            </label>
          </fieldset>
        )}
      </div>
    </>
  );
}

/** Why a column goes where it goes: Cadence's reason while it is as proposed, the user's choice once changed. */
function reasonOf(column: ImportPreview['columns'][number], proposed: ImportPreview['columns'] | undefined, target: string | undefined, fieldOf: Map<string, { label: string }>): string {
  const first = proposed?.find((p) => p.column === column.column);
  const shown = first ?? column;
  if (first && target !== undefined && target !== first.target) return `you (Cadence proposed: ${fieldOf.get(first.target)?.label ?? first.target})`;
  return shown.reason === 'mapping' || !shown.note ? REASON_WORDS[shown.reason] : shown.note;
}

/** The default option's words: what Cadence makes of the value without a mapping. */
function readingOf(target: ValueTarget, raw: string, values: string[], users: User[]): string {
  if (target === 'owner') {
    const user = raw.includes('@') ? users.find((u) => u.email.toLowerCase() === raw.toLowerCase()) : users.find((u) => u.name.toLowerCase() === raw.toLowerCase());
    return user ? `As Cadence reads it: ${user.name}` : 'Not a Cadence user: choose one';
  }
  const read = values.includes(raw) ? raw : synonymOf(target, raw);
  return read ? `As Cadence reads it: ${label(read)}` : 'Not recognised: choose one';
}
