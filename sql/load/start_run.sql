insert into runs (run_id, flow_run_name, started_at, raw_dir, status)
values ($run_id, $flow_run_name, $started_at, $raw_dir, 'running')
on conflict (run_id) do update set started_at = excluded.started_at, status = 'running';
