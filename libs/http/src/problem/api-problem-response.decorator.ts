import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { DuplicateProblemDto, ProblemDto, ValidationProblemDto } from './problem.dto';

/** Documents an error response as application/problem+json with the shared Problem schema (or a subtype). */
export function ApiProblemResponse(
  status: number,
  description: string,
  schema: Type<ProblemDto> = ProblemDto,
  headers?: Record<string, { description: string; schema: { type: 'string' | 'integer' } }>,
) {
  return applyDecorators(
    ApiExtraModels(ProblemDto, ValidationProblemDto, DuplicateProblemDto),
    ApiResponse({
      status,
      description,
      headers,
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(schema) } } },
    }),
  );
}
