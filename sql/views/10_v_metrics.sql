-- Every figure with its document, date, site and region, ready to filter.
create or replace view v_metrics as
with metrics as (
    select * from main.metrics
),
documents as (
    -- Rows of files gone from the input folder are kept (unless --drop-removed) but are not current.
    select d.doc_id, d.path, d.title, d.site, d.source, d.publish_time, d.publish_date, d.publish_year
    from main.documents as d
    join main.source_files as f on f.path = d.path
    where f.status <> 'removed'
),
regions as (
    select code, level, prefecture_code, prefecture, province_code, province from v_region_tree
),
final as (
    select
        m.doc_id,
        m.position,
        d.title,
        d.site,
        d.source,
        d.publish_time,
        d.publish_date,
        m.quote,
        m.value,
        m.unit,
        m.qualifier,
        m.indicator,
        m.indicator_class,
        m.region,
        m.region_code,
        r.level as region_level,
        r.prefecture_code,
        r.prefecture,
        r.province_code,
        r.province,
        m.period_start,
        m.period_end,
        coalesce(m.period_end, d.publish_year) as year,
        m.kind,
        m.optional,
        m.sentence,
        d.path
    from metrics as m
    join documents as d on d.doc_id = m.doc_id
    left join regions as r on r.code = m.region_code
)
select * from final;
