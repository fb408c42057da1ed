-- Operator API keys. Only the SHA-256 of each key is kept: a key is shown once, when created.
CREATE TABLE api_keys (
    id              text        PRIMARY KEY,
    role            text        NOT NULL CHECK (role IN ('admin', 'operator', 'auditor', 'partner')),
    hash            bytea       NOT NULL CHECK (octet_length(hash) = 32),
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz,
    revoked_at      timestamptz,
    -- Base32 TOTP secret (RFC 6238) when a second factor is enrolled. TOTP needs the shared secret
    -- itself to compute codes, so it cannot be hashed; the database is the boundary that protects it.
    totp_secret     text,
    -- The last 30-second step whose code was accepted: a code is usable once.
    totp_last_step  bigint,
    note            text,
    last_used_at    timestamptz,
    use_count       bigint      NOT NULL DEFAULT 0
);
