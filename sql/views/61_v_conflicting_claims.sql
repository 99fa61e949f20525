-- The same claim (region x indicator class x period x unit, actual figures) stated with different
-- values by different documents, one row per pair of figures with both sources side by side.
-- same_indicator tells a real disagreement from two measures of one class (专项资金 vs 整合资金).
create or replace view v_conflicting_claims as
with figures as (
    select * from v_claim_figures
),
pairs as (
    select
        a.region_code,
        a.region,
        a.indicator_class,
        a.period_start,
        coalesce(a.period_end, a.period_start) as period_end,
        a.unit,
        a.indicator = b.indicator as same_indicator,
        a.value as value_a,
        b.value as value_b,
        a.indicator as indicator_a,
        b.indicator as indicator_b,
        a.doc_id as doc_a,
        b.doc_id as doc_b,
        a.site as site_a,
        b.site as site_b,
        a.source as source_a,
        b.source as source_b,
        a.publish_date as published_a,
        b.publish_date as published_b,
        a.quote as quote_a,
        b.quote as quote_b,
        a.sentence as sentence_a,
        b.sentence as sentence_b
    from figures as a
    join figures as b
      on a.region_code = b.region_code
     and a.indicator_class = b.indicator_class
     and a.period_start = b.period_start
     and coalesce(a.period_end, a.period_start) = coalesce(b.period_end, b.period_start)
     and a.unit = b.unit
     and a.doc_id < b.doc_id
    where abs(a.value - b.value) > 0.001 * greatest(abs(a.value), abs(b.value))
),
final as (
    select * from pairs
)
select * from final
order by region_code, indicator_class, period_start, unit, doc_a, doc_b;
