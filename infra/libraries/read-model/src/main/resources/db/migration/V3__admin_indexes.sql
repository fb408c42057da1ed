-- Indexes for the admin API (GET /admin/stats, GET /admin/sponsors/{address}), so that its
-- numbers come from index scans rather than reads of whole tables.

-- A sponsor's sessions, newest first.
create index sessions_by_sponsor on sessions (sponsor, issued_at desc);
-- Live sessions: the unrevoked ones by expiry (a partial index stays as small as the live set).
create index sessions_live on sessions (expires_at) where not revoked;
-- Compacts signed per chain, in total and since a time (today): counted from the index alone.
create index compacts_by_chain_created on compacts (chain_id, created_at);
-- Live allocations (expires in the future) per chain and lock, amounts read from the index.
create index compacts_live on compacts (expires) include (chain_id, lock_id, amount);
-- A sponsor's used nonces per chain (the primary key leads with the chain).
create index nonces_by_sponsor on nonces (sponsor, chain_id);
