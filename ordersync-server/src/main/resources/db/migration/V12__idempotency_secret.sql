-- An anonymous customer's Idempotency-Key comes with a secret only their client knew (decision 25): its SHA-256 is
-- kept beside the key, and a replay must show the same secret. Never the secret itself.
ALTER TABLE idempotency_keys ADD COLUMN secret_hash bytea;
