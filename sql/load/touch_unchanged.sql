-- Files whose bytes did not change: note that this run saw them, without touching their rows.
update source_files
set last_run_id = $run_id, last_seen_at = $seen_at
where path in (select path from unchanged_files);
