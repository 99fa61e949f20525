-- Indicator class x region x year: how many figures and documents, and the range of values stated.
-- Each figure counts for the region it names and, rolled up, for that region's prefecture and
-- province (scope = stated | prefecture | province), so 赣州市 also shows what its counties report.
-- Slogans and durations (optional) are left out; kind and unit stay apart because they do not add up.
create or replace view v_region_year as
with figures as (
    select * from v_metrics where not optional and region_code is not null
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
        kind,
        unit,
        count(*) as figures,
        count(distinct doc_id) as documents,
        min(value) as min_value,
        median(value) as median_value,
        max(value) as max_value
    from scoped
    group by scope, indicator_class, region_code, region, region_level, year, kind, unit
)
select * from final
order by indicator_class, region_code, year nulls last, scope, kind, unit;
