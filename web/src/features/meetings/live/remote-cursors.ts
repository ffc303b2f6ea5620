import { RangeSet, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { PALETTE, colourIndexFor } from './colours';

/*
 * Other people's cursors and selections in one notes field, with their names. y-codemirror.next
 * has its own, but it colours them through inline style attributes, which the app's
 * Content-Security-Policy (style-src 'self') refuses; here the colours are classes of a
 * stylesheet CodeMirror injects (allowed), and the name is drawn by CSS, so it never becomes
 * part of the text a screen reader or a copy-paste gets.
 */

const theme = EditorView.baseTheme({
  '.cm-live-caret': { position: 'relative', borderLeft: '2px solid', marginLeft: '-1px', marginRight: '-1px', pointerEvents: 'none' },
  '.cm-live-caret::after': {
    content: 'attr(data-name)',
    position: 'absolute',
    left: '-2px',
    top: '-1.35em',
    fontSize: '0.7rem',
    lineHeight: '1.2',
    padding: '0 3px',
    borderRadius: '3px 3px 3px 0',
    color: '#fff',
    whiteSpace: 'nowrap',
    zIndex: '5',
  },
  ...Object.fromEntries(
    PALETTE.flatMap((colour, i) => [
      [`.cm-live-c${i}`, { borderLeftColor: colour }],
      [`.cm-live-c${i}::after`, { backgroundColor: colour }],
      [`.cm-live-sel${i}`, { backgroundColor: `${colour}33` }],
    ]),
  ),
});

class CaretWidget extends WidgetType {
  constructor(
    readonly colour: number,
    readonly name: string,
  ) {
    super();
  }
  toDOM() {
    const caret = document.createElement('span');
    caret.className = `cm-live-caret cm-live-c${this.colour}`;
    caret.setAttribute('data-name', this.name);
    caret.setAttribute('aria-hidden', 'true');
    return caret;
  }
  eq(other: CaretWidget) {
    return other.colour === this.colour && other.name === this.name;
  }
  ignoreEvent() {
    return true;
  }
}

interface CursorState {
  anchor: unknown;
  head: unknown;
}

export function remoteCursors(ytext: Y.Text, awareness: Awareness): Extension {
  const plugin = ViewPlugin.fromClass(
    class {
      decorations: DecorationSet = RangeSet.empty;
      private gone = false;
      private readonly onChange: (change: { added: number[]; updated: number[]; removed: number[] }) => void;
      constructor(private readonly view: EditorView) {
        this.onChange = ({ added, updated, removed }) => {
          // Queued: awareness changes arrive while CodeMirror may be in the middle of an update.
          if ([...added, ...updated, ...removed].some((id) => id !== awareness.clientID))
            queueMicrotask(() => {
              if (!this.gone) this.view.dispatch({});
            });
        };
        awareness.on('change', this.onChange);
        this.decorations = this.draw();
      }
      update(update: ViewUpdate) {
        this.share(update);
        this.decorations = this.draw();
      }
      destroy() {
        this.gone = true;
        awareness.off('change', this.onChange);
      }
      /** Tells the others where this person's cursor is, while this field has the focus. */
      private share(update: ViewUpdate) {
        const focused = update.view.hasFocus && document.hasFocus();
        if (!focused) return;
        const sel = update.state.selection.main;
        const anchor = Y.createRelativePositionFromTypeIndex(ytext, sel.anchor);
        const head = Y.createRelativePositionFromTypeIndex(ytext, sel.head);
        const current = (awareness.getLocalState() as { cursor?: CursorState | null } | null)?.cursor;
        const same = current && Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.anchor), anchor) && Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.head), head);
        if (!same) awareness.setLocalStateField('cursor', { anchor, head });
      }
      private draw(): DecorationSet {
        const doc = ytext.doc;
        if (!doc) return RangeSet.empty;
        const length = this.view.state.doc.length;
        const ranges: Range<Decoration>[] = [];
        awareness.getStates().forEach((state, clientId) => {
          if (clientId === awareness.clientID) return;
          const { cursor, user } = state as { cursor?: CursorState | null; user?: { id?: string; name?: string } };
          if (!cursor?.anchor || !cursor.head || typeof user?.id !== 'string') return;
          const anchor = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.anchor), doc);
          const head = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.head), doc);
          if (!anchor || !head || anchor.type !== ytext || head.type !== ytext) return;
          const colour = colourIndexFor(user.id);
          const [from, to] = [Math.min(anchor.index, head.index, length), Math.min(Math.max(anchor.index, head.index), length)];
          if (from < to) ranges.push(Decoration.mark({ class: `cm-live-sel${colour}` }).range(from, to));
          ranges.push(Decoration.widget({ widget: new CaretWidget(colour, user.name ?? ''), side: head.index > anchor.index ? -1 : 1 }).range(Math.min(head.index, length)));
        });
        return Decoration.set(ranges, true);
      }
    },
    { decorations: (v) => v.decorations },
  );
  return [theme, plugin];
}
