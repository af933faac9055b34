import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * One row per Idempotency-Key, scoped to the client and the operation: first a claim (no response
 * yet, held by `claim_token` until `locked_until`), then the stored response that retries replay.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** Who sent it (the authenticated client; '' when anonymous). */
    client: text('client').notNull(),
    method: varchar('method', { length: 16 }).notNull(),
    path: text('path').notNull(),
    key: varchar('key', { length: 255 }).notNull(),
    /** SHA-256 of the canonical request body: a retry must send the same one. */
    fingerprint: varchar('fingerprint', { length: 64 }).notNull(),
    claimToken: uuid('claim_token').notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    /** The body exactly as first sent (text, not jsonb, which would reorder its keys). */
    responseBody: text('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'idempotency_keys_pkey', columns: [t.client, t.method, t.path, t.key] }),
    index('idempotency_keys_expires_at_idx').on(t.expiresAt),
  ],
);

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
