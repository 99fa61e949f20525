-- One row per claim: region x indicator class x period x unit among actual figures (not slogans or
-- durations), with every document and value that states it. values_agree is false when the
-- documents disagree by more than 0.1%; v_conflicting_claims lists those pairs.
create or replace view v_claims as
with figures as (
    select * from v_claim_figures
),
final as (
    select
        region_code,
        region,
        indicator_class,
        period_start,
        coalesce(period_end, period_start) as period_end,
        unit,
        count(*) as figures,
        count(distinct doc_id) as documents,
        min(value) as min_value,
        max(value) as max_value,
        max(value) - min(value) <= 0.001 * max(abs(value)) as values_agree,
        list(distinct value order by value) as stated_values,
        list(distinct indicator order by indicator) as indicators,
        list(distinct doc_id order by doc_id) as doc_ids
    from figures
    group by region_code, region, indicator_class, period_start, coalesce(period_end, period_start), unit
)
select * from final
order by region_code, indicator_class, period_start, period_end, unit;
