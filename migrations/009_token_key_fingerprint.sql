-- The fingerprint of the key that encrypted platform_tokens (src/tokens/key-fingerprint.ts):
-- an HMAC-SHA256 of a fixed label under the key, never the key itself. Written with the first
-- token stored (or at start, when tokens from before this table exist and the key opens them).
-- A replica whose key has another fingerprint refuses to start (TOKEN_KEY_DIFFERS) instead of
-- failing every OAuth run with TOKEN_KEY_MISMATCH.
CREATE TABLE token_key_fingerprint (
  -- One row: the database has one token key.
  only_row     boolean     PRIMARY KEY DEFAULT true CHECK (only_row),
  fingerprint  text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
