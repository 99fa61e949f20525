-- Added with worker processes (#11): where a run's time went. Warehouses made before get the column
-- on their next run.
alter table runs add column if not exists stage_seconds json;

comment on column runs.stage_seconds is 'Seconds per stage of the run as a JSON object: read and load in the flow, decode, clean, templates, normalise and extract summed over the batches (in worker processes these overlap, so their sum can exceed the wall time).';
