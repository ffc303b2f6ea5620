import { defaultKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { HighlightStyle, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { remoteCursors } from './remote-cursors';

export interface LiveNotesEditorProps {
  ytext: Y.Text;
  awareness: Awareness | null;
  /** The accessible name: "Call notes", "Notes for <item>". */
  label: string;
  readOnly: boolean;
  placeholder?: string;
  /** Told when this field gains or loses the focus, for the presence line. */
  onFocusChange?(focused: boolean): void;
  /** Set to the editable element, so a keyboard shortcut can put the focus there. */
  focusRef?: React.RefObject<HTMLElement | null>;
}

// The app's colour tokens reach inside the shadow root (custom properties inherit), so the editor follows the light and dark themes.
const look = EditorView.theme({
  '&': { border: '1px solid var(--color-border-strong, #9ca3af)', borderRadius: '6px', background: 'var(--color-surface, #fff)', color: 'var(--color-text, #1f2937)', fontSize: '0.95rem' },
  '&.cm-focused': { outline: '2px solid var(--color-focus, #2563eb)', outlineOffset: '1px' },
  // Room above the first line for the names over the others' cursors.
  '.cm-content': { padding: '1rem 0.45rem 0.35rem', minHeight: '4.5rem', fontFamily: 'inherit', lineHeight: '1.45', caretColor: 'var(--color-text, #1f2937)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--color-text, #1f2937)' },
  '.cm-scroller': { fontFamily: 'inherit', maxHeight: '22rem', overflow: 'auto' },
  '.cm-placeholder': { color: 'var(--color-text-muted, #4b5563)' },
  '.cm-content[aria-readonly=true]': { background: 'var(--color-surface-raised, #f9fafb)' },
});

/**
 * CodeMirror's default highlighting, minus its fixed colours (dark blue on the dark theme could not
 * be read): bold headings, italics and underlined links stay; marks and URLs take the muted text colour.
 */
const markdownLook = HighlightStyle.define(defaultHighlightStyle.specs.map(({ color, ...rest }) => (color ? { ...rest, color: 'var(--color-text-muted, #4b5563)' } : rest)));

/**
 * A Markdown editor (CodeMirror 6) bound to one field of the meeting's shared notes: what anyone
 * types shows here as they type it, with their cursor and name; undo takes back only your own
 * typing (Ctrl/Cmd+Z, Ctrl+Y / Shift+Cmd+Z); Enter continues a list. Loaded on its own, after
 * the first screen.
 */
export default function LiveNotesEditor({ ytext, awareness, label, readOnly, placeholder, onFocusChange, focusRef }: LiveNotesEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const focusChange = useRef(onFocusChange);
  focusChange.current = onFocusChange;

  useEffect(() => {
    if (!host.current) return;
    // CodeMirror writes its styles into a <style> element, which the app's Content-Security-Policy
    // (style-src 'self') refuses; inside a shadow root it uses a constructed stylesheet instead.
    const shadow = host.current.shadowRoot ?? host.current.attachShadow({ mode: 'open' });
    const mount = document.createElement('div');
    shadow.appendChild(mount);
    const undoManager = new Y.UndoManager(ytext);
    const view = new EditorView({
      parent: mount,
      root: shadow,
      state: EditorState.create({
        doc: ytext.toString(),
        extensions: [
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          markdown(),
          syntaxHighlighting(markdownLook),
          EditorView.lineWrapping,
          look,
          yCollab(ytext, null, { undoManager }),
          ...(awareness ? [remoteCursors(ytext, awareness)] : []),
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true', ...(readOnly ? { 'aria-readonly': 'true' } : {}) }),
          ...(placeholder && !readOnly ? [placeholderText(placeholder)] : []),
          EditorView.domEventHandlers({
            focus: () => focusChange.current?.(true),
            blur: () => {
              awareness?.setLocalStateField('cursor', null);
              focusChange.current?.(false);
            },
          }),
        ],
      }),
    });
    if (focusRef) focusRef.current = view.contentDOM;
    return () => {
      // A field closed while typing in it (another agenda item picked) fires no blur.
      if (view.hasFocus) {
        awareness?.setLocalStateField('cursor', null);
        focusChange.current?.(false);
      }
      if (focusRef && focusRef.current === view.contentDOM) focusRef.current = null;
      view.destroy();
      mount.remove();
      undoManager.destroy();
    };
  }, [ytext, awareness, label, readOnly, placeholder, focusRef]);

  return <div ref={host} className="live-editor" data-field-label={label} />;
}
