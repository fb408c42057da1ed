-- The retention job (the projector's ReadModelPruner) takes the compacts that expired longest ago,
-- a bounded batch at a time; without this index each batch would scan the whole table.
create index compacts_by_expires on compacts (expires);
