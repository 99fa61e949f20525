-- Per document: what the cleaner found and kept, to spot pages that need a look.
create or replace view v_document_quality as
with documents as (
    select d.* from main.documents as d
    join main.source_files as f on f.path = d.path
    where f.status <> 'removed'
),
metric_counts as (
    select doc_id, count(*) filter (where not optional) as metrics, count(*) filter (where optional) as optional_metrics
    from main.metrics
    group by doc_id
),
final as (
    select
        d.doc_id,
        d.path,
        d.input_kind,
        d.encoding,
        d.decode_method,
        d.script,
        d.title is not null as has_title,
        d.publish_time is not null as has_publish_time,
        d.source is not null as has_source,
        len(d.authors) > 0 as has_authors,
        d.editor is not null as has_editor,
        d.paragraphs,
        d.chars_content,
        d.chars_removed,
        round(d.chars_content / nullif(d.chars_content + d.chars_removed, 0), 3) as kept_share,
        d.replaced_chars,
        d.debris_removed,
        coalesce(c.metrics, 0) as metrics,
        coalesce(c.optional_metrics, 0) as optional_metrics,
        d.chars_content < 200 as short_content,
        d.replaced_chars > 0 as has_unreadable_chars
    from documents as d
    left join metric_counts as c on c.doc_id = d.doc_id
)
select * from final
order by doc_id;
