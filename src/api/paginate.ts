/**
 * The one cursor loop: `thread/list`, `model/list` and every other paged method answer
 * `{ data, nextCursor }` and take the cursor back; this walks the pages as they are read.
 *
 * @module
 */

/** One page of a paged method. */
export interface Page<T> {
  /** This page's items. */
  data: T[];
  /** The cursor of the next page; null (or absent) on the last. */
  nextCursor?: string | null;
}

/** Every item of every page, fetching each page only when the previous one has been read. */
export async function* paginate<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
): AsyncGenerator<T, void, undefined> {
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage(cursor);
    yield* page.data;
    cursor = page.nextCursor ?? null;
  } while (cursor);
}

/** Every item of every page, in one array. */
export async function collectPages<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of paginate(fetchPage)) items.push(item);
  return items;
}
