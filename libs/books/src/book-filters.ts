import type { ListBooksQueryDto } from './dto/list-books.query';

/** Parameters of listBooks that page rather than filter. */
type PagingParam = 'limit' | 'cursor' | 'sort';

/**
 * Listing filters as the query DTO normalised them (trimmed text, ISBN-13, lower-cased tag): every other
 * query parameter, so a new filter is declared once, in the DTO.
 */
export type BookFilters = Omit<ListBooksQueryDto, PagingParam>;

/** The filters of a validated query, without paging parameters or absent filters. */
export function filtersOf(query: ListBooksQueryDto): BookFilters {
  const { limit: _limit, cursor: _cursor, sort: _sort, ...filters } = query;
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as BookFilters;
}
