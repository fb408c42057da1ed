-- Compacts the retention job pruned from the serving read model, moved here in the same
-- transaction as their delete (nothing is lost between the two). This schema is not a generation:
-- it has its own Flyway history and outlives rebuilds, which re-create pruned rows in the new
-- generation from allocator.events; the next run prunes them again, and the insert keeps the row
-- archived first. The columns are the compacts table's, plus when the row was archived and from
-- which generation. No query of the API reads it; ./allocator archive exports it with the live rows.

create table compacts (
    chain_id            bigint        not null,
    claim_hash          bytea         not null check (octet_length(claim_hash) = 32),
    arbiter             bytea         not null check (octet_length(arbiter) = 20),
    sponsor             bytea         not null check (octet_length(sponsor) = 20),
    nonce               numeric(78,0) not null check (nonce >= 0),
    expires             numeric(78,0) not null check (expires >= 0),
    lock_id             numeric(78,0) not null check (lock_id >= 0),
    amount              numeric(78,0) not null check (amount >= 0),
    witness_type_string text,
    witness_hash        bytea         check (octet_length(witness_hash) = 32),
    digest              bytea         not null check (octet_length(digest) = 32),
    signature           bytea         not null check (octet_length(signature) = 64),
    created_at          timestamptz   not null,
    sponsor_sequence    bigint        not null,
    session_id          text          not null,
    nonce_assigned      boolean       not null,
    document            json          not null,
    archived_at         timestamptz   not null default now(),
    archived_from       text          not null,
    primary key (chain_id, claim_hash)
);

-- ./allocator archive --before DATE reads by expiry.
create index compacts_by_expires on compacts (expires);
