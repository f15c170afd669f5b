-- Authentication: login sessions with rotating refresh tokens (stored as hashes), TOTP second factor with single-use
-- recovery codes, per-user "sessions not before" for ending every session at once, erasure, security events.

ALTER TABLE users
    ADD COLUMN erased_at           timestamptz,
    ADD COLUMN sessions_not_before timestamptz,
    ADD COLUMN mfa_secret          bytea,
    ADD COLUMN mfa_enabled         boolean NOT NULL DEFAULT false,
    ADD COLUMN mfa_last_step       bigint;

CREATE TABLE recovery_codes (
    user_id   uuid  NOT NULL REFERENCES users (id),
    code_hash bytea NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

ALTER TABLE restaurants ADD COLUMN require_staff_mfa boolean NOT NULL DEFAULT false;

-- One row per login; every refresh token descended from that login belongs to it (the token family).
CREATE TABLE sessions (
    id             uuid PRIMARY KEY,
    user_id        uuid        NOT NULL REFERENCES users (id),
    restaurant_id  uuid,
    second_factor  boolean     NOT NULL,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES sessions (id),
    created_at timestamptz NOT NULL,
    spent_at   timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE security_events (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    type       text        NOT NULL,
    user_id    uuid,
    session_id uuid,
    detail     jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX security_events_user_idx ON security_events (user_id, id);
