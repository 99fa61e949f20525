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

comment on view v_document_quality is 'Per current document: what the cleaner found and kept, to spot pages that need a look.';
comment on column v_document_quality.doc_id is 'Document id.';
comment on column v_document_quality.path is 'Input file.';
comment on column v_document_quality.input_kind is 'html or text.';
comment on column v_document_quality.encoding is 'Codec the bytes were read with.';
comment on column v_document_quality.decode_method is 'How the codec was chosen: bom, utf8, declared, detected or fallback.';
comment on column v_document_quality.script is 'simplified, traditional, mixed or none.';
comment on column v_document_quality.has_title is 'A headline was found.';
comment on column v_document_quality.has_publish_time is 'A publish time was found.';
comment on column v_document_quality.has_source is 'A 来源 was found.';
comment on column v_document_quality.has_authors is 'At least one author was found.';
comment on column v_document_quality.has_editor is 'An editor was found.';
comment on column v_document_quality.paragraphs is 'Paragraphs of the body.';
comment on column v_document_quality.chars_content is 'Characters of the body.';
comment on column v_document_quality.chars_removed is 'Characters cut as page furniture.';
comment on column v_document_quality.kept_share is 'Share of the page''s text kept as body.';
comment on column v_document_quality.replaced_chars is 'Characters that could not be decoded.';
comment on column v_document_quality.debris_removed is 'Pinyin debris of broken script conversion removed.';
comment on column v_document_quality.metrics is 'Figures found, slogans and durations not counted.';
comment on column v_document_quality.optional_metrics is 'Slogans, programme names and durations found.';
comment on column v_document_quality.short_content is 'Body under 200 characters: maybe a cut page or a listing.';
comment on column v_document_quality.has_unreadable_chars is 'Some characters could not be decoded.';
