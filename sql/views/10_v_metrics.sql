-- Every figure with its document, story, date, site and region, ready to filter. Copies of a story
-- all appear here; the analytic views read v_story_metrics, where each story states a figure once.
create or replace view v_metrics as
with metrics as (
    select * from main.metrics
),
documents as (
    -- Rows of files gone from the input folder are kept (unless --drop-removed) but are not current.
    select
        d.doc_id,
        coalesce(d.story_id, d.doc_id) as story_id,
        d.path,
        d.title,
        d.site,
        d.source,
        d.publish_time,
        d.publish_date,
        d.publish_year
    from main.documents as d
    join main.source_files as f on f.path = d.path
    where f.status <> 'removed'
),
stories as (
    select story_id, copies, sites from v_stories
),
regions as (
    select code, level, prefecture_code, prefecture, province_code, province from v_region_tree
),
final as (
    select
        m.doc_id,
        m.position,
        d.story_id,
        s.copies as story_copies,
        s.sites as story_sites,
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
        coalesce(m.period_end > m.period_start, false) as multi_year,
        m.kind,
        m.optional,
        m.sentence,
        d.path
    from metrics as m
    join documents as d on d.doc_id = m.doc_id
    join stories as s on s.story_id = d.story_id
    left join regions as r on r.code = m.region_code
)
select * from final;

comment on view v_metrics is 'Every current figure (every copy of every story) with its document, story, date, site and region. To count figures, use v_story_metrics, where each story states a figure once.';
comment on column v_metrics.doc_id is 'Document the figure is in.';
comment on column v_metrics.position is 'Order of the figure in the document, from 0.';
comment on column v_metrics.story_id is 'Story of the document (v_stories.story_id).';
comment on column v_metrics.story_copies is 'Copies of the story in the warehouse.';
comment on column v_metrics.story_sites is 'Distinct sites carrying the story.';
comment on column v_metrics.title is 'Headline of the document.';
comment on column v_metrics.site is 'Site the document comes from.';
comment on column v_metrics.source is 'The 来源 the document names.';
comment on column v_metrics.publish_time is 'Publish time as the page gives it (ISO 8601 local time).';
comment on column v_metrics.publish_date is 'Publish date of the document.';
comment on column v_metrics.quote is 'The figure exactly as written in the page.';
comment on column v_metrics.value is 'Value in the base unit (万/亿 multiplied out), rounded to what the text states.';
comment on column v_metrics.unit is 'Canonical unit: person, household, village, yuan, mu, percent, ...';
comment on column v_metrics.qualifier is 'approx, at_least, at_most, more_than, less_than, or null for an exact figure.';
comment on column v_metrics.indicator is 'What is measured, a short Simplified Chinese phrase.';
comment on column v_metrics.indicator_class is 'Class in the closed taxonomy: poverty_exits, funds_invested, incidence_rate, ...';
comment on column v_metrics.region is 'Region the figure refers to (full official name; 全国 for China).';
comment on column v_metrics.region_code is 'GB/T 2260 code of region.';
comment on column v_metrics.region_level is 'country, province, prefecture or county.';
comment on column v_metrics.prefecture_code is 'Code of the prefecture the region is or lies in.';
comment on column v_metrics.prefecture is 'Name of that prefecture.';
comment on column v_metrics.province_code is 'Code of the province the region is or lies in.';
comment on column v_metrics.province is 'Name of that province.';
comment on column v_metrics.period_start is 'First year the figure refers to.';
comment on column v_metrics.period_end is 'Last year the figure refers to.';
comment on column v_metrics.year is 'period_end, else the publish year: the year to chart the figure at. For a multi-year total it is the last year of the span, not one year''s figure (see multi_year).';
comment on column v_metrics.multi_year is 'True for a figure over several years (2016-2018 累计): never add it to single years.';
comment on column v_metrics.kind is 'actual (achieved or observed), target (plan, goal, forecast) or standard (rule, threshold, subsidy rate).';
comment on column v_metrics.optional is 'True for slogans, programme names with numerals and durations: the analytic views leave them out.';
comment on column v_metrics.sentence is 'Sentence the figure stands in, normalised.';
comment on column v_metrics.path is 'Input file of the document.';
