import { COLUMN_SPECS } from './book-columns';
import { ALL_COLUMNS, DEFAULT_COLUMNS, type BookColumn } from './book-view';

/** Which columns the table shows, in the table's order; the account's name always stays. */
export function ColumnChooser({ columns, onChange }: { columns: BookColumn[]; onChange: (next: BookColumn[]) => void }) {
  const shown = new Set(columns);
  const toggle = (c: BookColumn) => onChange(ALL_COLUMNS.filter((k) => (k === c ? !shown.has(c) : shown.has(k))));
  return (
    <details className="column-chooser">
      <summary className="btn btn-sm">Columns</summary>
      <fieldset>
        <legend>Columns to show</legend>
        {ALL_COLUMNS.map((c) => (
          <label key={c} className="check">
            <input type="checkbox" checked={shown.has(c)} disabled={c === 'name'} onChange={() => toggle(c)} /> {COLUMN_SPECS[c].title}
          </label>
        ))}
        <button type="button" className="link" onClick={() => onChange(DEFAULT_COLUMNS)}>
          Reset to the usual columns
        </button>
      </fieldset>
    </details>
  );
}
