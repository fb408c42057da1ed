-- Which generation (schema) of the read model serves. One row. A rebuild fills a new schema from
-- offset 0 while the active one serves, then switches this row in one transaction.
create table active_generation (
    singleton    boolean     primary key default true check (singleton),
    schema_name  text        not null,
    generation   integer     not null,
    activated_at timestamptz not null default now()
);
