-- Security-relevant actions from allocator.audit, served by GET /admin/audit. Like every table of a
-- generation it is disposable: a rebuild replays allocator.audit from offset 0 into the new
-- generation alongside allocator.events (the topic is kept forever), so the switch never loses it.

create table audit_log (
    id          uuid        primary key,
    occurred_at timestamptz not null,
    action      text        not null,
    actor_kind  text        not null,
    actor_id    text        not null,
    outcome     text        not null,
    reason      text,
    request_id  text,
    details     jsonb       not null default '{}'::jsonb
);

-- GET /admin/audit pages newest first by (occurred_at, id), optionally for one actor or action.
create index audit_log_by_time on audit_log (occurred_at desc, id desc);
create index audit_log_by_actor on audit_log (actor_id, occurred_at desc, id desc);
create index audit_log_by_action on audit_log (action, occurred_at desc, id desc);

-- The audit projection's Kafka position per partition of allocator.audit, written in the same
-- transaction as its rows: the next offset to read.
create table audit_positions (
    partition   integer primary key check (partition >= 0),
    next_offset bigint  not null check (next_offset >= 0)
);
