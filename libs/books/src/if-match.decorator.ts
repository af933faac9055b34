import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ExpectedVersion } from './expected-version';

/** A strong entity tag as etagFor writes it: the quoted version, no leading zeros. */
const STRONG_VERSION_TAG = /^"(0|[1-9][0-9]{0,15})"$/;

/**
 * If-Match (strong comparison, RFC 9110 §13.1.1) as the version a write expects: `*` is any, a list is
 * any of its versions, and a weak or foreign tag names no version (the write then answers 412).
 */
export function expectedVersionFrom(header: string | undefined): ExpectedVersion {
  if (header === undefined) return undefined;
  const tags = header
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  if (tags.includes('*')) return '*';
  const versions = tags.flatMap((tag) => {
    const match = STRONG_VERSION_TAG.exec(tag);
    return match ? [Number(match[1])] : [];
  });
  return versions.length === 1 ? versions[0] : versions;
}

/** The If-Match header of the request as an ExpectedVersion: the service sees versions, never headers. */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext): ExpectedVersion => {
  const header = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>()
    .headers['if-match'];
  return expectedVersionFrom(Array.isArray(header) ? header.join(', ') : header);
});
