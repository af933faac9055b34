import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'X-Request-ID';

/** 1–128 characters a log query or a shell can carry safely: letters, digits and `. _ : -`. */
export const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const REQUEST_ID_MAX_LENGTH = 128; // the upper bound in SANE_REQUEST_ID (the contract states it too)

/** Whether a caller's X-Request-ID is kept as is. */
export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && SANE_REQUEST_ID.test(value);
}

/** The caller's id when it is sane, else a fresh UUID v4: clients cannot inject log content or huge values. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return isSaneRequestId(header) ? header : randomUUID();
}
