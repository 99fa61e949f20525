-- One row per claim: region x indicator x period x unit among actual figures (not slogans or
-- durations), with every story and value that states it; each story counts once however many copies
-- carry it. values_agree is false when no single value fits every statement as written (rounding and
-- 约/以上 allowed for); v_conflicting_claims lists the disagreeing pairs.
create or replace view v_claims as
with figures as (
    select * from v_claim_figures
),
final as (
    select
        region_code,
        region,
        indicator_class,
        indicator,
        period_start,
        coalesce(period_end, period_start) as period_end,
        unit,
        count(*) as figures,
        count(distinct story_id) as stories,
        sum(copies) as copies,
        min(value) as min_value,
        max(value) as max_value,
        max(low_value) <= min(high_value) as values_agree,
        bool_and(specific_indicator) as specific_indicator,
        list(distinct value order by value) as stated_values,
        list(distinct story_id order by story_id) as story_ids
    from figures
    group by region_code, region, indicator_class, indicator, period_start, coalesce(period_end, period_start), unit
)
select * from final
order by region_code, indicator_class, indicator, period_start, period_end, unit;

comment on view v_claims is 'One row per claim, region x indicator x period x unit among actual figures, with the stories and values stating it (each story once, however many copies carry it) and whether they agree.';
comment on column v_claims.region_code is 'GB/T 2260 code of the region.';
comment on column v_claims.region is 'Name of the region.';
comment on column v_claims.indicator_class is 'Class in the closed taxonomy.';
comment on column v_claims.indicator is 'What is measured.';
comment on column v_claims.period_start is 'First year of the claim.';
comment on column v_claims.period_end is 'Last year of the claim.';
comment on column v_claims.unit is 'Canonical unit.';
comment on column v_claims.figures is 'Figures stating the claim (each story''s once).';
comment on column v_claims.stories is 'Stories stating the claim: independent confirmations, copies not counted.';
comment on column v_claims.copies is 'Documents stating it, syndicated copies included.';
comment on column v_claims.min_value is 'Smallest value stated.';
comment on column v_claims.max_value is 'Largest value stated.';
comment on column v_claims.values_agree is 'True when one value fits every statement as written (rounding to the stated digits, 约 ±5%, 以上/以下 open-ended).';
comment on column v_claims.specific_indicator is 'False when the indicator is too broad to say what is measured (generic_indicators): disagreement then means nothing.';
comment on column v_claims.stated_values is 'Distinct values stated, ascending.';
comment on column v_claims.story_ids is 'Stories stating the claim.';
