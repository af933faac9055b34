export const BOOK_SORTS = ['title', '-title', 'publishedYear', '-publishedYear', 'createdAt', '-createdAt'] as const;
export type BookSort = (typeof BOOK_SORTS)[number];
export type BookSortField = 'title' | 'publishedYear' | 'createdAt';

export interface SortOrder {
  field: BookSortField;
  descending: boolean;
}

export function sortOrderOf(sort: BookSort): SortOrder {
  return sort.startsWith('-')
    ? { field: sort.slice(1) as BookSortField, descending: true }
    : { field: sort as BookSortField, descending: false };
}
