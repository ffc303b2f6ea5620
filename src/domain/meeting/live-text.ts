/**
 * Turning a whole-text save into a small edit of a shared text (live notes, issue #20). A script
 * or an old client sends the full notes; writing that as "delete everything, insert everything"
 * would wipe what others typed meanwhile and move every cursor. Instead the save becomes the one
 * span between the common start and the common end, so text outside it is left alone.
 */

/** One edit: at `index`, remove `remove` characters and insert `insert`. */
export interface TextEdit {
  index: number;
  remove: number;
  insert: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The single edit that turns `from` into `to`, never splitting an emoji's surrogate pair; null when they are equal. */
export function editBetween(from: string, to: string): TextEdit | null {
  if (from === to) return null;
  const max = Math.min(from.length, to.length);
  let start = 0;
  while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(from.charCodeAt(start - 1))) start--;
  let end = 0;
  while (end < max - start && from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)) end++;
  if (end > 0 && isLowSurrogate(from.charCodeAt(from.length - end))) end--;
  return { index: start, remove: from.length - start - end, insert: to.slice(start, to.length - end) };
}

/**
 * A change someone made from `base` to `theirs`, carried onto `current` (which may have moved on
 * since `base`): the changed span is found again in `current` by what surrounds it. When the
 * surroundings no longer match, `theirs` wins for the whole text, as the newer write.
 */
export function carryEdit(base: string, theirs: string, current: string): TextEdit | null {
  const edit = editBetween(base, theirs);
  if (!edit) return null;
  const before = base.slice(0, edit.index);
  const removed = base.slice(edit.index, edit.index + edit.remove);
  const after = base.slice(edit.index + edit.remove);
  if (current.startsWith(before)) {
    // A pure insertion, or a removal of text still there as it was: made at the same spot, so what
    // was typed elsewhere meanwhile stays.
    if (edit.remove === 0 || current.slice(edit.index, edit.index + edit.remove) === removed) return edit;
    const end = current.endsWith(after) ? current.length - after.length : after ? current.indexOf(after, edit.index) : -1;
    if (end >= edit.index) return { index: edit.index, remove: end - edit.index, insert: edit.insert };
  }
  return editBetween(current, theirs);
}

/** The text with the edit made. */
export function applyEdit(text: string, edit: TextEdit | null): string {
  if (!edit) return text;
  return text.slice(0, edit.index) + edit.insert + text.slice(edit.index + edit.remove);
}
