-- Files in the ledger that are gone from the input folder: keep their rows, mark the ledger.
update source_files
set status = 'removed', last_run_id = $run_id, last_seen_at = $seen_at
where path in (select path from removed_files);
