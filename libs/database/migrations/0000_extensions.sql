-- Trigram matching for the case-insensitive substring search (`q`); a trusted extension since PostgreSQL 13.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
