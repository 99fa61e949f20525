-- Write one batch; runs inside the batch's transaction after delete_batch.sql.
insert into documents by name select * from batch_documents;
insert into metrics by name select * from batch_metrics;
insert into rejects by name select * from batch_rejects;
insert into page_lines by name select * from batch_page_lines;
-- Signed in the batch's pure stages; the stories stage links them (linked = false until then).
insert into story_signatures by name select * from batch_signatures;
insert into site_templates by name select * from batch_site_templates
on conflict (site, line_key) do update set
    line = excluded.line,
    pages_seen = excluded.pages_seen,
    site_pages = excluded.site_pages,
    run_id = excluded.run_id;
insert into source_files by name
select path, doc_id, sha256, size_bytes, status,
       run_id as first_run_id, run_id as last_run_id, seen_at as first_seen_at, seen_at as last_seen_at
from batch_files
on conflict (path) do update set
    doc_id = excluded.doc_id,
    sha256 = excluded.sha256,
    size_bytes = excluded.size_bytes,
    status = excluded.status,
    last_run_id = excluded.last_run_id,
    last_seen_at = excluded.last_seen_at;
