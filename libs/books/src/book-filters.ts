/** Listing filters after normalisation (isbn as 13 digits, text as given). */
export interface BookFilters {
  q?: string;
  author?: string;
  isbn?: string;
  language?: string;
  tag?: string;
  publishedYearFrom?: number;
  publishedYearTo?: number;
}
