import { toRowValues } from './book-row.mapper';

describe('toRowValues', () => {
  it('keeps the content and derives the lower-cased search columns from title and authors', () => {
    const content = {
      title: 'The Left Hand of Darkness',
      authors: ['Ursula K. Le Guin', 'ÉMILE'],
      isbn: null,
      publishedYear: 1969,
      language: 'en',
      pageCount: null,
      description: null,
      tags: ['sf'],
    };
    expect(toRowValues(content)).toEqual({
      ...content,
      authorKeys: ['ursula k. le guin', 'émile'],
      searchText: 'the left hand of darkness\nursula k. le guin\némile',
    });
  });
});
