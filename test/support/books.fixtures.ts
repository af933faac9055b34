/** Valid ISBN-13s, each distinct: 978 + 9 digits from n + check digit. */
export function isbn13For(n: number): string {
  const first12 = `978${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

export const dune = {
  title: 'Dune',
  authors: ['Frank Herbert'],
  isbn: '978-0-441-17271-9',
  publishedYear: 1965,
  language: 'en',
  pageCount: 412,
  description: 'A desert planet.',
  tags: ['Science-Fiction', 'classic'],
};
