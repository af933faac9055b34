/** A gauge's source did not answer within the scrape's bound; the gauge reports unknown for this scrape. */
export class ScrapeTimeoutError extends Error {
  constructor(name: string, timeoutMs: number) {
    super(`${name} was not read within ${timeoutMs} ms`);
    this.name = 'ScrapeTimeoutError';
  }
}
