/** A book of the catalogue, as the service and repository see it. Absent optional fields are null. */
export interface Book {
  id: string;
  title: string;
  authors: string[];
  isbn: string | null;
  publishedYear: number | null;
  language: string | null;
  pageCount: number | null;
  description: string | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** The fields a client writes: what create and full replace take, already normalised. */
export type BookContent = Omit<Book, 'id' | 'createdAt' | 'updatedAt' | 'version'>;
