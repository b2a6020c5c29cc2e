-- Sessions and pending logins (services/session-store/README.md). Rows are keyed by the hex
-- SHA-256 of the secret (session id, OAuth state); tokens and the PKCE verifier are AES-256-GCM
-- envelopes whose associated data names table, row key and column; key_id is the envelope's key
-- (rotation finds rows under an old key by it). Times are Unix seconds.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  session_ref text NOT NULL UNIQUE,
  user_id text NOT NULL,
  tenant text NOT NULL,
  profile jsonb NOT NULL,  -- issuer, name, email, groups, roles, claims, metadata
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  idle_expires_at bigint NOT NULL,
  absolute_expires_at bigint NOT NULL,
  access_expires_at bigint NOT NULL,
  scope text NOT NULL,
  key_id text NOT NULL,
  access_token bytea NOT NULL,
  refresh_token bytea NOT NULL,
  id_token bytea NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id, tenant);
CREATE INDEX sessions_idle_expiry ON sessions (idle_expires_at);
CREATE INDEX sessions_absolute_expiry ON sessions (absolute_expires_at);
CREATE INDEX sessions_key_id ON sessions (key_id);

CREATE TABLE pending_logins (
  state_hash text PRIMARY KEY,
  key_id text NOT NULL,
  code_verifier bytea NOT NULL,
  nonce text NOT NULL,
  return_to text NOT NULL,
  provider text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX pending_logins_expiry ON pending_logins (expires_at);
CREATE INDEX pending_logins_key_id ON pending_logins (key_id);
