import type { Response } from 'supertest';

export const PROBLEM_CONTENT_TYPE = /^application\/problem\+json/;

/** An RFC 9457 problem with this status, and nothing a client should not see. */
export function expectProblem(res: Pick<Response, 'status' | 'headers' | 'body'>, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
  expect(res.body).toEqual(
    expect.objectContaining({ type: expect.stringMatching(/^https:\/\//), title: expect.any(String), status }),
  );
}
