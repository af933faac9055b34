import type { Request } from 'autocannon';
import { AUTHOR_NAMES, isbn13, randomSource, TITLE_WORDS } from './catalogue';

// What the load generator sends: each scenario is a sequence of autocannon requests built per request
// (random ids, filters, unique ISBNs, If-Match with the version last seen).

export const API = '/api/v1/books';
export const API_KEY = 'bench-api-key-0123456789abcdef';
const WRITE_HEADERS = { authorization: `Bearer ${API_KEY}` };

type Built = Pick<Request, 'method' | 'path' | 'headers' | 'body'>;
interface Context {
  /** The book a PATCH in flight on this connection is updating. */
  patching?: string;
  cursor?: string | null;
}

/** Substrings for `q`: title words and author surnames (with 3+ characters, as the trigram index needs). */
const Q_TERMS = [...TITLE_WORDS, ...new Set(AUTHOR_NAMES.map((a) => a.split(' ')[1].toLowerCase()))];

export class Workload {
  private readonly random = randomSource(20_261_126);
  /** Version of each book as last seen (seeded books start at 1). */
  private readonly versions = new Map<string, number>();
  /** Books with a PATCH in flight: no two connections update the same book at once, so If-Match holds. */
  private readonly inFlight = new Set<string>();
  /** Books whose version is unknown (a PATCH cut off at the end of a run): never updated again. */
  private readonly retired = new Set<string>();
  private isbnSerial = 0;

  constructor(private readonly ids: readonly string[]) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  getBook(): Built {
    return { method: 'GET', path: `${API}/${this.pick(this.ids)}`, headers: {}, body: '' };
  }

  list(query = ''): Built {
    return { method: 'GET', path: query ? `${API}?${query}` : API, headers: {}, body: '' };
  }

  listByQ(): Built {
    return this.list(`q=${encodeURIComponent(this.pick(Q_TERMS))}`);
  }

  listByAuthor(): Built {
    return this.list(`author=${encodeURIComponent(this.pick(AUTHOR_NAMES))}`);
  }

  listByYears(): Built {
    const from = 1900 + Math.floor(this.random() * 115);
    return this.list(`publishedYearFrom=${from}&publishedYearTo=${from + 10}&sort=-publishedYear`);
  }

  createBook(): Built {
    const body = {
      title: `Benchmark ${this.pick(TITLE_WORDS)} ${this.isbnSerial}`,
      authors: [this.pick(AUTHOR_NAMES)],
      // 979 ISBNs: never one of the seeded 978 ones, and unique across the whole run.
      isbn: isbn13('979', 100_000_000 + this.isbnSerial++),
      publishedYear: 1950 + Math.floor(this.random() * 76),
      language: 'en',
      tags: ['benchmark', this.pick(['fiction', 'history', 'science'])],
    };
    return {
      method: 'POST',
      path: API,
      headers: { ...WRITE_HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  }

  /** A merge patch with If-Match on a book no other connection is patching; null when none is free. */
  updateBook(context: Context): Built | null {
    for (let attempt = 0; attempt < 20; attempt++) {
      const id = this.pick(this.ids);
      if (this.inFlight.has(id) || this.retired.has(id)) continue;
      this.inFlight.add(id);
      context.patching = id;
      return {
        method: 'PATCH',
        path: `${API}/${id}`,
        headers: {
          ...WRITE_HEADERS,
          'content-type': 'application/merge-patch+json',
          'if-match': `"${this.versions.get(id) ?? 1}"`,
        },
        body: JSON.stringify({ pageCount: 100 + Math.floor(this.random() * 900) }),
      };
    }
    return null;
  }

  /** Records the version a PATCH answered with (its ETag). */
  afterResponse(status: number, context: Context, headers: Record<string, unknown>): void {
    const id = context.patching;
    if (id === undefined) return;
    context.patching = undefined;
    this.inFlight.delete(id);
    const etag = Object.entries(headers).find(([name]) => name.toLowerCase() === 'etag')?.[1];
    const version = typeof etag === 'string' ? Number(etag.replaceAll('"', '')) : NaN;
    if (status === 200 && Number.isInteger(version)) this.versions.set(id, version);
    else this.retired.add(id);
  }

  /** After a run: PATCHes still in flight may or may not have been applied. */
  endRun(): void {
    for (const id of this.inFlight) this.retired.add(id);
    this.inFlight.clear();
  }

  /** One request per call, chosen by `choose`; PATCH responses update the known versions. */
  requests(choose: (context: Context) => Built): Request[] {
    return [
      {
        setupRequest: (request, context) => ({ ...request, ...choose(context as Context) }),
        onResponse: (status, _body, context, headers) =>
          this.afterResponse(status, context as Context, (headers ?? {}) as Record<string, unknown>),
      },
    ];
  }

  /** The first page sorted by title, then `depth` pages following nextCursor. */
  cursorWalk(depth: number): Request[] {
    const first = 'sort=title';
    const page = (context: Context) =>
      context.cursor ? this.list(`${first}&cursor=${encodeURIComponent(context.cursor)}`) : this.list(first);
    const remember = (body: string, context: Context) => {
      try {
        context.cursor = (JSON.parse(body) as { nextCursor?: string | null }).nextCursor ?? null;
      } catch {
        context.cursor = null;
      }
    };
    return Array.from({ length: depth + 1 }, () => ({
      setupRequest: (request: Request, context: object) => ({ ...request, ...page(context as Context) }),
      onResponse: (_status: number, body: string, context: object) => remember(body, context as Context),
    }));
  }

  /** 90 % reads (getBook and listings), 10 % writes (creates and If-Match updates). */
  mixed(context: Context): Built {
    const r = this.random();
    if (r < 0.6) return this.getBook();
    if (r < 0.72) return this.list();
    if (r < 0.78) return this.listByQ();
    if (r < 0.84) return this.listByAuthor();
    if (r < 0.9) return this.listByYears();
    if (r < 0.95) return this.createBook();
    return this.updateBook(context) ?? this.getBook();
  }
}
