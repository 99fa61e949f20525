-- Indicator class x region x year: how many figures and documents, and the range of values stated.
-- Slogans and durations (optional) are left out; kind and unit stay apart because they do not add up.
create or replace view v_region_year as
with figures as (
    select * from v_metrics where not optional
),
final as (
    select
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
    from figures
    group by all
)
select * from final
order by indicator_class, region_code nulls last, year nulls last, kind, unit;
