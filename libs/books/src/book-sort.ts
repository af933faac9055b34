/** Values of the `sort` query parameter: a field, `-` for descending. */
export const SORT_PARAMS = ['title', '-title', 'publishedYear', '-publishedYear', 'createdAt', '-createdAt'] as const;
export type SortParam = (typeof SORT_PARAMS)[number];
export type SortField = 'title' | 'publishedYear' | 'createdAt';

/** A `sort` value resolved once per listing: what the cursor checks and the repository walks. */
export interface KeysetOrder {
  sort: SortParam;
  field: SortField;
  descending: boolean;
}

export function keysetOrderOf(sort: SortParam): KeysetOrder {
  return sort.startsWith('-')
    ? { sort, field: sort.slice(1) as SortField, descending: true }
    : { sort, field: sort as SortField, descending: false };
}
