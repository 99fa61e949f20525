-- Every input that did not become a document, with the reason and when it was seen.
create or replace view v_rejects as
with rejects as (
    select * from main.rejects
),
files as (
    select path, size_bytes, last_seen_at from main.source_files
),
final as (
    select r.path, r.stage, r.reason, r.detail, f.size_bytes, f.last_seen_at, r.run_id
    from rejects as r
    left join files as f on f.path = r.path
)
select * from final
order by stage, reason, path;

comment on view v_rejects is 'Every input that did not become a document, with the stage, the reason and when it was seen.';
comment on column v_rejects.path is 'Input file.';
comment on column v_rejects.stage is 'discover, read, decode, clean, normalise or extract.';
comment on column v_rejects.reason is 'Short reason code (empty, binary, too_large, undecodable, no_content, ...).';
comment on column v_rejects.detail is 'What was seen, in words.';
comment on column v_rejects.size_bytes is 'File size in bytes.';
comment on column v_rejects.last_seen_at is 'When the file was last seen.';
comment on column v_rejects.run_id is 'Run that wrote the reject.';
