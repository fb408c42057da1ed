-- The read models the query service answers from. Every table here is disposable: the projector
-- rebuilds all of them from allocator.events, offset 0. Each generation of the read model lives in
-- a schema of its own (see read_model_control.active_generation); these migrations create one.
--
-- Encoding: addresses and hashes are bytea of their exact length, uint256 values are
-- numeric(78,0) (2^256 - 1 has 78 decimal digits), chain ids are bigint, times timestamptz.

create table sessions (
    session_id       text        primary key,
    sponsor          bytea       not null check (octet_length(sponsor) = 20),
    chain_id         bigint      not null,
    domain           text        not null,
    siwe_nonce       text        not null,
    issued_at        timestamptz not null,
    expires_at       timestamptz not null,
    revoked          boolean     not null default false,
    revoked_at       timestamptz,
    sponsor_sequence bigint      not null
);

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
    -- The compact exactly as GET /compacts and GET /compact return it (key order kept: json, not
    -- jsonb), rendered once by the projector so that reads only concatenate stored text.
    document            json          not null,
    primary key (chain_id, claim_hash),
    check ((witness_type_string is null) = (witness_hash is null))
);

-- GET /compacts: a sponsor's compacts, newest first, paged by sequence.
create unique index compacts_by_sponsor_sequence on compacts (sponsor, sponsor_sequence desc);
-- GET /balance(s): a sponsor's live compacts on one lock.
create index compacts_by_sponsor_lock on compacts (sponsor, chain_id, lock_id, expires);

-- Every nonce ever used, per (chain, sponsor): the 96-bit fragment after the sponsor prefix.
create table nonces (
    chain_id bigint        not null,
    sponsor  bytea         not null check (octet_length(sponsor) = 20),
    fragment numeric(29,0) not null check (fragment >= 0),
    primary key (chain_id, sponsor, fragment)
);

-- The lowest unused fragment per (chain, sponsor): every fragment below it is used. Kept by the
-- projector so that GET /suggested-nonce is one primary-key lookup; it only ever moves up, and
-- each used fragment is stepped over once.
create table nonce_floors (
    chain_id      bigint        not null,
    sponsor       bytea         not null check (octet_length(sponsor) = 20),
    next_fragment numeric(29,0) not null check (next_fragment >= 0),
    primary key (chain_id, sponsor)
);

-- The last event sequence applied per sponsor: duplicates (at or below) are skipped, a gap
-- (above it plus one) stops the partition.
create table sponsor_sequences (
    sponsor       bytea  primary key check (octet_length(sponsor) = 20),
    last_sequence bigint not null check (last_sequence >= 1)
);

-- The projector's Kafka position per partition of allocator.events, written in the same
-- transaction as the rows: the next offset to read.
create table projection_positions (
    partition   integer primary key check (partition >= 0),
    next_offset bigint  not null check (next_offset >= 0)
);
