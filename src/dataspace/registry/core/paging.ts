/** Keyset paging over an in-memory list (submodel descriptors of one shell), with the same cursors as the store. */
import { encodeCursor } from './encoding.js';

export interface PageOf<T> {
  items: T[];
  /** Present when more items follow; pass it back as `cursor`. */
  cursor?: string;
}

/**
 * Items after the one whose key is `afterKey` (all when undefined), at most `limit`. An `afterKey` that is not in the
 * list yields an empty page: the item was removed since the previous page, and guessing a position could repeat items.
 */
export function pageList<T>(items: readonly T[], keyOf: (t: T) => string, limit: number, afterKey?: string): PageOf<T> {
  let start = 0;
  if (afterKey !== undefined) {
    const at = items.findIndex((t) => keyOf(t) === afterKey);
    if (at < 0) return { items: [] };
    start = at + 1;
  }
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return more && page.length > 0 ? { items: page, cursor: encodeCursor(keyOf(page[page.length - 1])) } : { items: page };
}
