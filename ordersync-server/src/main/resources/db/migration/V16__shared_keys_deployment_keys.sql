-- The deployment's keys, shared by every instance by construction (decision 40): the JWT signing keyset, the secrets
-- keyset, the order-token key, the audit checkpoint keyset and the column-encryption keysets, each wrapped (encrypted)
-- by the deployment's key-encryption key: an AWS KMS key, or the master key every instance is given. Never cleartext.
-- 'key-check' is a known value wrapped by the same key, so that an instance given another master key is refused at
-- start with a message rather than failing on the first value it reads.
CREATE TABLE deployment_keys (
    name        text PRIMARY KEY,
    wrapped     bytea       NOT NULL,
    wrapped_by  text        NOT NULL,
    origin      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
