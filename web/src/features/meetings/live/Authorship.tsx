import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../../lib/api-client';
import { colourFor } from './colours';

interface Author {
  userId: string | null;
  name: string;
}
interface AuthorTotal extends Author {
  characters: number;
  share: number;
}
interface NotesAuthorship {
  meetingId: string;
  live: boolean;
  texts: { key: string; itemId: string | null; label: string; segments: (Author & { text: string })[]; totals: AuthorTotal[] }[];
  totals: AuthorTotal[];
}

const NOBODY = '#6b7280';
const colourOf = (userId: string | null) => (userId ? colourFor(userId) : NOBODY);

/**
 * "Show who wrote what": after the call, each person's part of the notes, in their colour (the
 * same as their cursor), and how much each wrote, for combining the notes and for the shadowing
 * debrief. Asked of the server, which knows who typed each character.
 */
export function Authorship({ meetingId }: { meetingId: string }) {
  const [open, setOpen] = useState(false);
  const authorship = useQuery({
    queryKey: ['notes-authorship', meetingId],
    queryFn: () => api<NotesAuthorship>('GET', `/api/meetings/${meetingId}/notes/authorship`),
    enabled: open,
    // While it is shown, it follows the typing.
    refetchInterval: open ? 5000 : false,
  });
  const texts = authorship.data?.texts.filter((t) => t.segments.some((s) => s.text.trim())) ?? [];
  return (
    <div className="live-authorship">
      <button type="button" className="authorship-toggle" aria-pressed={open} aria-expanded={open} aria-controls={`authorship-${meetingId}`} onClick={() => setOpen((o) => !o)}>
        {open ? 'Hide who wrote what' : 'Show who wrote what'}
      </button>
      {open && (
        <div id={`authorship-${meetingId}`} role="region" aria-label="Who wrote what" className="authorship-view">
          {authorship.isPending ? (
            <p className="state">Reading who wrote what…</p>
          ) : authorship.isError ? (
            <p className="error" role="alert">
              Could not read who wrote what: {authorship.error.message}
            </p>
          ) : !texts.length ? (
            <p className="hint">Nothing written yet.</p>
          ) : (
            <>
              <ul className="authorship-totals" aria-label="Share of the notes">
                {authorship.data.totals.map((t) => (
                  <li key={t.userId ?? t.name}>
                    <span className="authorship-swatch" style={{ backgroundColor: colourOf(t.userId) }} aria-hidden="true" />
                    {t.name}: {t.share}% ({t.characters} characters)
                  </li>
                ))}
              </ul>
              {texts.map((t) => (
                <section key={t.key} aria-label={`${t.label}, by who wrote it`}>
                  <h3>{t.label}</h3>
                  <p className="authorship-text">
                    {t.segments.map((s, i) => (
                      <span key={i} className="authorship-part" title={s.name} style={{ borderBottomColor: colourOf(s.userId), backgroundColor: `${colourOf(s.userId)}1a` }}>
                        <span className="visually-hidden">{s.name}: </span>
                        {s.text}
                      </span>
                    ))}
                  </p>
                </section>
              ))}
            </>
          )}
        </div>
      )}
    </div>
  );
}
