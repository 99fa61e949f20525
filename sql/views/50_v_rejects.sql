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
