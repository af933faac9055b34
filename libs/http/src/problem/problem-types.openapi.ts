import type { OpenAPIObject } from '@nestjs/swagger';
import { problemType } from './problem';

/** One problem type of the service: the one status it always comes with, and when. */
export interface DocumentedProblemType {
  slug: string;
  status: number;
  when: string;
}

/** The contract's name of the problem schema, every problem response's base. */
export const PROBLEM_SCHEMA_NAME = 'Problem';

/**
 * Lists every problem type the service can answer, with its status, on the problem schema's `type`:
 * a client can see what each URI means without calling the API, and a test checks the list is whole.
 */
export function withProblemTypes(document: OpenAPIObject, types: readonly DocumentedProblemType[]): OpenAPIObject {
  const schema = document.components?.schemas?.[PROBLEM_SCHEMA_NAME] as
    { properties?: Record<string, Record<string, unknown>> } | undefined;
  const type = schema?.properties?.type;
  if (!type) throw new Error(`The contract has no ${PROBLEM_SCHEMA_NAME}.type to document the problem types on`);
  const lines = [...types]
    .sort((a, b) => a.status - b.status || a.slug.localeCompare(b.slug))
    .map(({ slug, status, when }) => `- \`${problemType(slug)}\` (${status}): ${when}`);
  type.description = ['A URI naming the kind of problem; each always comes with the same status:', ...lines].join('\n');
  return document;
}
