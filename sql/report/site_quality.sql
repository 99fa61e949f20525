-- Extraction quality per site: how much metadata was found and how much text kept.
with documents as (
    select q.*, coalesce(d.site, '(no site named)') as site
    from v_document_quality as q
    join main.documents as d using (doc_id)
),
final as (
    select
        site,
        count(*) as documents,
        round(avg(has_title::int), 3) as title_share,
        round(avg(has_publish_time::int), 3) as time_share,
        round(avg(has_source::int), 3) as source_share,
        round(avg(has_authors::int), 3) as author_share,
        round(avg(has_editor::int), 3) as editor_share,
        round(avg(kept_share), 3) as mean_kept_share,
        count(*) filter (where short_content) as short_documents,
        count(*) filter (where has_unreadable_chars) as unreadable_documents,
        round(avg(metrics), 1) as metrics_per_document
    from documents
    group by site
)
select * from final
order by documents desc, site;
