import { firstNameOf, initialsOf } from './colours';
import type { LivePerson } from './use-live-notes';

interface Props {
  people: LivePerson[];
  /** The words for a field: "Call notes", or the agenda item's text. */
  fieldName(field: string): string | null;
}

/** Who has the notes open, as initials in their colour, and who is typing where. */
export function Presence({ people, fieldName }: Props) {
  if (!people.length) return null;
  const typing = people.filter((p) => !p.self && p.editing).map((p) => ({ person: p, where: fieldName(p.editing!) }));
  return (
    <div className="live-presence">
      <ul className="live-people" aria-label="In the notes now">
        {people.map((p) => (
          <li key={p.userId} title={p.self ? `${p.name} (you)` : p.name}>
            <span className="live-avatar" style={{ backgroundColor: p.color }} aria-hidden="true">
              {initialsOf(p.name)}
            </span>
            <span className="visually-hidden">{p.self ? `${p.name} (you)` : p.name}</span>
          </li>
        ))}
      </ul>
      <p className="live-typing" aria-live="polite">
        {typing.map(({ person, where }, i) => (
          <span key={person.userId}>
            {i > 0 ? '; ' : ''}
            {firstNameOf(person.name)} is editing {where ? `‘${where}’` : 'the notes'}
          </span>
        ))}
      </p>
    </div>
  );
}
