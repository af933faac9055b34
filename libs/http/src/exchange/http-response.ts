/**
 * What a handler, guard or interceptor does to the response before the framework sends it: methods
 * Express' `Response` and Fastify's `FastifyReply` both have (for `@Res({ passthrough: true })`).
 */
export interface HttpResponse {
  readonly statusCode: number;
  status(code: number): unknown;
  header(name: string, value: string): unknown;
  getHeader(name: string): unknown;
}
