import { useEffect, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { SECTION_TITLES, type AgendaItem } from '../../lib/meeting-types';
import type { useAgenda } from './use-agenda';
import './agenda-item-actions.css';

type Section = AgendaItem['section'];

interface Props {
  agenda: ReturnType<typeof useAgenda>;
  editable: boolean;
  selectedId: string | null;
  onSelect(itemId: string): void;
  itemNotes: Record<string, string>;
  addRef: React.RefObject<HTMLInputElement | null>;
}

/** Items grouped under their section headings, in call order. */
function groups(items: AgendaItem[]) {
  const out: { section: Section; items: { item: AgendaItem; index: number }[] }[] = [];
  items.forEach((item, index) => {
    const last = out[out.length - 1];
    if (last && last.section === item.section) last.items.push({ item, index });
    else out.push({ section: item.section, items: [{ item, index }] });
  });
  return out;
}

/**
 * The agenda on the left of the workspace: tick items off, reword them in place, reorder by
 * dragging or with Alt+↑/↓, drop them, add new ones. An item keeps its section when it moves.
 */
export function AgendaPanel({ agenda, editable, selectedId, onSelect, itemNotes, addRef }: Props) {
  const { query, edit, error } = agenda;
  const [editing, setEditing] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [newText, setNewText] = useState('');
  const [newSection, setNewSection] = useState<Section>('customer_topics');
  const [newInternal, setNewInternal] = useState(false);
  const focusAfter = useRef<string | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const items = query.data?.items ?? [];

  useEffect(() => {
    if (!focusAfter.current) return;
    const el = list.current?.querySelector<HTMLElement>(`[data-item-id="${focusAfter.current}"] .item-text`);
    el?.focus();
    focusAfter.current = null;
  });

  if (query.isPending) return <Loading what="the agenda" />;
  if (query.isError) return <ErrorState error={query.error} />;

  function move(item: AgendaItem, direction: 'up' | 'down') {
    const at = items.findIndex((i) => i.id === item.id);
    const neighbour = items[direction === 'up' ? at - 1 : at + 1];
    if (!neighbour || neighbour.section !== item.section) {
      setAnnounce(`"${item.text}" is already ${direction === 'up' ? 'first' : 'last'} in its section`);
      return;
    }
    focusAfter.current = item.id;
    void edit({ op: direction, itemId: item.id });
    setAnnounce(`Moved "${item.text}" ${direction}`);
  }

  function onKeyDown(event: KeyboardEvent, item: AgendaItem) {
    if (!editable || !event.altKey) return;
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      move(item, event.key === 'ArrowUp' ? 'up' : 'down');
    }
  }

  function onDrop(event: DragEvent, target: AgendaItem, index: number) {
    event.preventDefault();
    const id = dragged ?? event.dataTransfer.getData('text/plain');
    setDragged(null);
    const item = items.find((i) => i.id === id);
    if (!item || item.id === target.id || item.section !== target.section) return;
    void edit({ op: 'move', itemId: item.id, toIndex: index });
    setAnnounce(`Moved "${item.text}"`);
  }

  function add(event: FormEvent) {
    event.preventDefault();
    const text = newText.trim();
    if (!text) return;
    void edit({ op: 'add', text, section: newSection, internal: newInternal });
    setNewText('');
    setAnnounce(`Added "${text}"`);
  }

  const sections = [...new Set<Section>([...items.map((i) => i.section), 'customer_topics', 'recap'])];

  return (
    <section className="agenda" aria-labelledby="agenda-h">
      <h2 id="agenda-h">Agenda</h2>
      {editable && <p className="hint">Alt+↑/↓ moves the focused item; drag ⠿ to reorder within a section.</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      {items.length === 0 ? (
        <Empty>The agenda is empty. Add a first item below.</Empty>
      ) : (
        <div ref={list}>
          {groups(items).map((group, g) => (
            <div key={`${group.section}-${g}`} className="agenda-section">
              <h3>{SECTION_TITLES[group.section] ?? group.section}</h3>
              <ul>
                {group.items.map(({ item, index }) => (
                  <li
                    key={item.id}
                    data-item-id={item.id}
                    className={`agenda-item${item.discussed ? ' discussed' : ''}${selectedId === item.id ? ' selected' : ''}${dragged === item.id ? ' dragging' : ''}`}
                    onKeyDown={(e) => onKeyDown(e, item)}
                    onDragOver={(e) => {
                      const d = items.find((i) => i.id === dragged);
                      if (d && d.section === item.section) e.preventDefault();
                    }}
                    onDrop={(e) => onDrop(e, item, index)}
                  >
                    {editable && (
                      <span
                        className="handle"
                        draggable
                        aria-hidden="true"
                        title="Drag to reorder"
                        onDragStart={(e) => {
                          setDragged(item.id);
                          e.dataTransfer.setData('text/plain', item.id);
                          e.dataTransfer.effectAllowed = 'move';
                        }}
                        onDragEnd={() => setDragged(null)}
                      >
                        ⠿
                      </span>
                    )}
                    <input type="checkbox" checked={item.discussed} disabled={!editable} aria-label={`Discussed: ${item.text}`} onChange={(e) => void edit({ op: 'discussed', itemId: item.id, discussed: e.target.checked })} />
                    {editing === item.id ? (
                      <InlineEdit
                        text={item.text}
                        onDone={(text) => {
                          setEditing(null);
                          focusAfter.current = item.id;
                          if (text !== null && text.trim() && text.trim() !== item.text) void edit({ op: 'edit', itemId: item.id, text: text.trim() });
                        }}
                      />
                    ) : (
                      <button
                        type="button"
                        className="item-text"
                        aria-label={`${item.text}. Notes${itemNotes[item.id] ? ' (has notes)' : ''}`}
                        aria-pressed={selectedId === item.id}
                        onClick={() => onSelect(item.id)}
                        onDoubleClick={() => editable && setEditing(item.id)}
                        onKeyDown={(e) => {
                          if (editable && e.key === 'F2') {
                            e.preventDefault();
                            setEditing(item.id);
                          }
                        }}
                      >
                        {item.text}
                        {itemNotes[item.id] ? (
                          <span className="note-dot" aria-hidden="true">
                            {' '}
                            ✎
                          </span>
                        ) : null}
                      </button>
                    )}
                    <span className="item-badges">
                      {item.visibility === 'internal' ? <span className="badge">internal</span> : <span className="badge shared">customer sees this</span>}
                      {item.prepNote && <span className="prep-note">Prep (only you): {item.prepNote}</span>}
                      {item.addedBy === 'customer' && <span className="badge customer">from customer</span>}
                      {item.carriedOverFrom && <span className="badge">carried over</span>}
                    </span>
                    {editable && (
                      <span className="item-actions">
                        <button type="button" onClick={() => setEditing(item.id)} aria-label={`Edit "${item.text}"`} title="Edit (F2)">
                          ✎
                        </button>
                        <button type="button" onClick={() => move(item, 'up')} aria-label={`Move "${item.text}" up`} title="Move up (Alt+↑)">
                          ↑
                        </button>
                        <button type="button" onClick={() => move(item, 'down')} aria-label={`Move "${item.text}" down`} title="Move down (Alt+↓)">
                          ↓
                        </button>
                        <button
                          type="button"
                          onClick={() => void edit({ op: 'visibility', itemId: item.id, internal: item.visibility !== 'internal' })}
                          aria-label={item.visibility === 'internal' ? `Share "${item.text}" with the customer` : `Make "${item.text}" internal`}
                          title={item.visibility === 'internal' ? 'Share with the customer' : 'Make internal'}
                        >
                          {item.visibility === 'internal' ? '◎' : '◉'}
                        </button>
                        <button
                          type="button"
                          onClick={() => {
                            // The CSM's reason for the item; the customer reads only the item's text.
                            const note = window.prompt('Prep note (never shown to the customer)', item.prepNote ?? '');
                            if (note !== null) void edit({ op: 'prep_note', itemId: item.id, prepNote: note });
                          }}
                          aria-label={`Prep note for "${item.text}"`}
                          title="Prep note (only you see it)"
                        >
                          ✍
                        </button>
                        <button type="button" onClick={() => void edit({ op: 'drop', itemId: item.id })} aria-label={`Drop "${item.text}"`} title="Drop">
                          ✕
                        </button>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
      {editable && (
        <form className="add-item" onSubmit={add}>
          <label htmlFor="new-item">Add an agenda item (Alt+N)</label>
          <div className="add-row">
            <input id="new-item" ref={addRef} value={newText} onChange={(e) => setNewText(e.target.value)} maxLength={500} placeholder="What to discuss" />
            <label className="visually-hidden" htmlFor="new-item-section">
              Section
            </label>
            <select id="new-item-section" value={newSection} onChange={(e) => setNewSection(e.target.value as Section)}>
              {sections.map((s) => (
                <option key={s} value={s}>
                  {SECTION_TITLES[s] ?? s}
                </option>
              ))}
            </select>
            <label className="check">
              <input type="checkbox" checked={newInternal} onChange={(e) => setNewInternal(e.target.checked)} /> internal
            </label>
            <button type="submit">Add</button>
          </div>
        </form>
      )}
    </section>
  );
}

function InlineEdit({ text, onDone }: { text: string; onDone(text: string | null): void }) {
  const [value, setValue] = useState(text);
  const done = useRef(false);
  const finish = (result: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(result);
  };
  return (
    <input
      className="inline-edit"
      aria-label="Agenda item text"
      autoFocus
      value={value}
      maxLength={500}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => finish(value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          finish(value);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          finish(null);
        }
      }}
    />
  );
}
