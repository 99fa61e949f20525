update runs set
    finished_at = $finished_at,
    files_seen = $files_seen,
    files_new = $files_new,
    files_changed = $files_changed,
    files_unchanged = $files_unchanged,
    files_removed = $files_removed,
    documents_loaded = $documents_loaded,
    metrics_loaded = $metrics_loaded,
    rejects_loaded = $rejects_loaded,
    checks_passed = $checks_passed,
    checks_failed = $checks_failed,
    status = $status,
    stage_seconds = $stage_seconds
where run_id = $run_id;
