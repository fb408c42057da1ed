-- One row per bucket: Bucket4j's serialized state, locked with SELECT ... FOR UPDATE while a
-- request takes a token. The id names group, tier, a hash of the subject and of the limit.
create table buckets (
    id         text primary key,
    state      bytea,
    expires_at bigint
);

create index buckets_expires_at on buckets (expires_at);
