-- The last replay of each dead-lettered record (POST /admin/dead-letters/{id}/replay), by its place
-- on the dead-letter topic. Kept beside the generations rather than in one: the topic outlives
-- every generation, and GET /admin/dead-letters shows which entries were replayed, into which
-- generation, with what outcome.
create table dead_letter_replays (
    dlt_partition integer     not null check (dlt_partition >= 0),
    dlt_offset    bigint      not null check (dlt_offset >= 0),
    replayed_at   timestamptz not null,
    outcome       text        not null check (outcome in ('applied', 'already-applied', 'failed', 'refused')),
    generation    text        not null,
    error         text,
    actor         text        not null,
    attempts      integer     not null default 1 check (attempts >= 1),
    primary key (dlt_partition, dlt_offset)
);
