import type { BookContent } from '@app/books';

// A deterministic, realistic catalogue for the benchmark and the query-plan test: skewed (Zipf-like)
// authors, languages, tags and title words, so common values match thousands of rows and rare ones a few.

const words = (text: string): readonly string[] => text.split(' ');

const ADJECTIVES = words(
  'Silent Hidden Last Broken Golden Forgotten Burning Winter Distant Crimson Quiet Wild Endless Secret ' +
    'Lost Northern Iron Glass Midnight Painted Ancient Bitter Electric Hollow Little Restless Salt ' +
    'Shattered Velvet Wandering',
);
const NOUNS = words(
  'River Garden Empire House Shadow Light Kingdom Sea Mountain City Letter Road Star Forest Island ' +
    'Machine Archive Harbour Bridge Orchard Compass Lantern Cathedral Desert Engine Feather Glacier ' +
    'Labyrinth Meridian Nocturne',
);
const SUBJECTS = words(
  'Mathematics Philosophy Gardening Cooking Economics Astronomy Chemistry Music Architecture Typography ' +
    'Sailing Beekeeping Cartography Linguistics Photography',
);
const FIRST_NAMES = words(
  'Anna Ben Chiara David Elena Farid Grace Hiro Ines Jonas Kwame Lena Mateo Nadia Oskar Priya Quentin ' +
    'Rosa Sven Tomoko Ugo Vera Wei Ximena Yusuf Zofia Amara Bruno Clara Dmitri Esther Felix Greta Hassan ' +
    'Ida Jules Kofi Lucia Marek Noor Olga Pablo Rania Saul Thea Ulla Viktor Wanda',
);
const LAST_NAMES = words(
  'Smith Moreau Rossi Nakamura Schmidt Okafor Garcia Kowalski Johansson Silva Haddad Ivanova Chen Novak ' +
    'Dubois Fischer Larsen Mensah Oliveira Petrov Quinn Romero Sato Tanaka Ustinov Varga Weber Xu Yilmaz ' +
    'Zhang Abara Bjork Costa Dalton Eriksen Ferreira Gallo Horvat Ibsen Jansen Keller Lindqvist Marchetti ' +
    'Nilsson Ortiz Pereira Ricci Strand Toivonen Urquhart',
);
/** ISO 639-1 codes with a long tail; null (unknown) for some books. */
const LANGUAGES: Array<[string | null, number]> = [
  ['en', 550],
  ['fr', 80],
  ['de', 80],
  ['es', 70],
  ['it', 40],
  ['pt', 30],
  ['ja', 30],
  ['zh', 30],
  ['ru', 25],
  ['nl', 15],
  ['sv', 10],
  ['pl', 8],
  ['cs', 5],
  ['fi', 4],
  ['is', 1],
  [null, 50],
];
const TAGS = words(
  'fiction novel classic history science fantasy science-fiction mystery poetry biography travel ' +
    'philosophy children romance thriller essays art cooking nature politics religion music economics ' +
    'mathematics drama horror humour graphic-novel short-stories memoir architecture photography ' +
    'linguistics cartography beekeeping astronomy sailing typography folklore cryptozoology',
);

/** mulberry32: a tiny seeded PRNG, so every run seeds the same catalogue. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index into a list where item k is drawn with weight 1/(k + offset): Zipf-like, flatter for a larger offset. */
function zipfIndex(random: () => number, size: number, offset = 1): number {
  const low = Math.log(offset);
  const high = Math.log(size + offset);
  return Math.min(size - 1, Math.floor(Math.exp(low + random() * (high - low)) - offset));
}

function weighted<T>(random: () => number, choices: Array<[T, number]>): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, weight] of choices) {
    r -= weight;
    if (r < 0) return value;
  }
  return choices[choices.length - 1][0];
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Every author of the catalogue: first × last names, the popular ones first. */
export const AUTHOR_NAMES: readonly string[] = LAST_NAMES.flatMap((last, l) =>
  FIRST_NAMES.map((first, f) => ({ name: `${first} ${last}`, rank: l + f })),
)
  .sort((a, b) => a.rank - b.rank)
  .map((a) => a.name);

/** Words that occur in titles, for substring (`q`) searches. */
export const TITLE_WORDS: readonly string[] = [...ADJECTIVES, ...NOUNS, ...SUBJECTS].map((w) => w.toLowerCase());

/** A valid ISBN-13 with the given 3-digit prefix (978 or 979) and a 9-digit serial. */
export function isbn13(prefix: '978' | '979', serial: number): string {
  const first12 = `${prefix}${String(serial).padStart(9, '0').slice(-9)}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

function titleOf(random: () => number): string {
  const adjective = ADJECTIVES[zipfIndex(random, ADJECTIVES.length)];
  const noun = NOUNS[zipfIndex(random, NOUNS.length)];
  switch (Math.floor(random() * 6)) {
    case 0:
      return `The ${adjective} ${noun}`;
    case 1:
      return `${noun} of the ${pick(random, NOUNS)}`;
    case 2:
      return `A Short History of ${pick(random, SUBJECTS)}`;
    case 3:
      return `${adjective} ${noun}: A Novel`;
    case 4:
      return `The ${noun} Book ${1 + Math.floor(random() * 12)}`;
    default:
      return `${pick(random, SUBJECTS)} for the ${adjective} Mind`;
  }
}

function publishedYearOf(random: () => number): number | null {
  const r = random();
  if (r < 0.07) return null;
  if (r < 0.67) return 1950 + Math.floor(random() * 76);
  if (r < 0.97) return 1800 + Math.floor(random() * 150);
  return -500 + Math.floor(random() * 2300);
}

/** Book `index` of the catalogue (0-based); the same index always gives the same book. ISBNs are unique by index. */
export function catalogueBook(index: number, seed = 1): BookContent {
  const random = randomSource(seed * 1_000_003 + index);
  const authorCount = random() < 0.85 ? 1 : random() < 0.8 ? 2 : 3;
  const authors = [
    ...new Set(Array.from({ length: authorCount }, () => AUTHOR_NAMES[zipfIndex(random, AUTHOR_NAMES.length, 20)])),
  ];
  const tagCount = Math.floor(random() * 5);
  const tags = [...new Set(Array.from({ length: tagCount }, () => TAGS[zipfIndex(random, TAGS.length)]))];
  return {
    title: titleOf(random),
    authors,
    isbn: random() < 0.85 ? isbn13('978', index) : null,
    publishedYear: publishedYearOf(random),
    language: weighted(random, LANGUAGES),
    pageCount: random() < 0.8 ? 40 + Math.floor(random() * 1200) : null,
    description: random() < 0.5 ? `${titleOf(random)}, by ${authors[0]}: a ${pick(random, TAGS)} book.` : null,
    tags,
  };
}

/** Books `start` … `start + count - 1` of the catalogue. */
export function catalogueSlice(start: number, count: number, seed = 1): BookContent[] {
  return Array.from({ length: count }, (_, i) => catalogueBook(start + i, seed));
}
