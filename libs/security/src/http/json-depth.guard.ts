import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { HttpRequest } from '@app/http';
import { JsonTooDeepError } from '../errors/json-too-deep.error';

/** A book is 2 levels deep; nothing legitimate comes near this. */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests deeper than `maxDepth`, found without recursion (the point is to survive hostile depth). */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/**
 * Refuses deeply nested JSON bodies before the validation pipe, class-transformer or a merge patch
 * recurse into them (a 60 KiB body of brackets would otherwise overflow the stack: a 500).
 */
@Injectable()
export class JsonDepthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const { body } = context.switchToHttp().getRequest<HttpRequest>();
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) throw new JsonTooDeepError(MAX_JSON_DEPTH);
    return true;
  }
}
