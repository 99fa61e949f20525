-- Indicator class x region x year: how many figures, stories and copies, and the range of values stated.
-- Each story's figures count once (v_story_metrics). Each figure counts for the region it names and,
-- rolled up, for that region's prefecture and province (scope = stated | prefecture | province), so
-- 赣州市 also shows what its counties report. Slogans and durations (optional) are left out; kind,
-- unit and multi-year totals stay apart because they do not add up.
create or replace view v_region_year as
with figures as (
    select * from v_story_metrics where not optional and region_code is not null
),
scoped as (
    select 'stated' as scope, region_code, region, region_level, * exclude (region_code, region, region_level)
    from figures
    union all
    select 'prefecture', prefecture_code, prefecture, 'prefecture', * exclude (region_code, region, region_level)
    from figures
    where prefecture_code is not null and region_level = 'county'
    union all
    select 'province', province_code, province, 'province', * exclude (region_code, region, region_level)
    from figures
    where province_code is not null and region_level in ('prefecture', 'county')
),
final as (
    select
        scope,
        indicator_class,
        region_code,
        region,
        region_level,
        year,
        multi_year,
        kind,
        unit,
        count(*) as figures,
        count(distinct story_id) as stories,
        sum(copies) as copies,
        min(value) as min_value,
        round(median(value), 6) as median_value,
        max(value) as max_value
    from scoped
    group by scope, indicator_class, region_code, region, region_level, year, multi_year, kind, unit
)
select * from final
order by indicator_class, region_code, year nulls last, multi_year, scope, kind, unit;

comment on view v_region_year is 'Indicator class x region x year (x kind x unit x multi_year): figures, stories and copies, and the range of values stated; each story counted once; rolled up to prefectures and provinces (scope). Values of different figures are not added: see docs/queries.md for sums.';
comment on column v_region_year.scope is 'stated (the region the figures name), prefecture or province (figures of the counties or prefectures within, rolled up).';
comment on column v_region_year.indicator_class is 'Class in the closed taxonomy.';
comment on column v_region_year.region_code is 'GB/T 2260 code of the region.';
comment on column v_region_year.region is 'Name of the region.';
comment on column v_region_year.region_level is 'country, province, prefecture or county.';
comment on column v_region_year.year is 'Year the figures are for (period end, else publish year).';
comment on column v_region_year.multi_year is 'True for totals over several years ending in year; false for single years.';
comment on column v_region_year.kind is 'actual, target or standard.';
comment on column v_region_year.unit is 'Canonical unit of the figures.';
comment on column v_region_year.figures is 'Distinct figures (each story''s once).';
comment on column v_region_year.stories is 'Stories stating them.';
comment on column v_region_year.copies is 'Documents stating them, copies of a story included: how widely they were published.';
comment on column v_region_year.min_value is 'Smallest value stated.';
comment on column v_region_year.median_value is 'Median value stated.';
comment on column v_region_year.max_value is 'Largest value stated.';
