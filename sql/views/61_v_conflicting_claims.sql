-- The same claim stated with incompatible values by different stories: same indicator (a specific
-- one, not 资金 or 人口), region, period and unit, both totals or both yearly averages; the two ranges the texts allow do not meet. One row
-- per pair of figures, both sources side by side. Copies of one story never conflict with each other,
-- and a figure whose story gives other values for the same measure makes no conflict.
create or replace view v_conflicting_claims as
with figures as (
    select * from v_claim_figures where specific_indicator and one_value_in_story
),
pairs as (
    select
        a.region_code,
        a.region,
        a.indicator_class,
        a.indicator,
        a.period_start,
        coalesce(a.period_end, a.period_start) as period_end,
        a.unit,
        a.value as value_a,
        b.value as value_b,
        a.qualifier as qualifier_a,
        b.qualifier as qualifier_b,
        round(abs(a.value - b.value) / greatest(abs(a.value), abs(b.value)), 4) as relative_difference,
        a.story_id as story_a,
        b.story_id as story_b,
        a.copies as copies_a,
        b.copies as copies_b,
        a.doc_id as doc_a,
        b.doc_id as doc_b,
        a.site as site_a,
        b.site as site_b,
        a.source as source_a,
        b.source as source_b,
        a.publish_date as published_a,
        b.publish_date as published_b,
        a.title as title_a,
        b.title as title_b,
        a.quote as quote_a,
        b.quote as quote_b,
        a.sentence as sentence_a,
        b.sentence as sentence_b
    from figures as a
    join figures as b
      on a.region_code = b.region_code
     and a.indicator_class = b.indicator_class
     and a.indicator = b.indicator
     and a.period_start = b.period_start
     and coalesce(a.period_end, a.period_start) = coalesce(b.period_end, b.period_start)
     and a.unit = b.unit
     and a.yearly_average = b.yearly_average
     and a.story_id < b.story_id
    where a.high_value < b.low_value or b.high_value < a.low_value
),
final as (
    select * from pairs
)
select * from final
order by region_code, indicator_class, indicator, period_start, unit, story_a, story_b, value_a, value_b;

comment on view v_conflicting_claims is 'Pairs of figures from different stories that state the same specific indicator for the same region, period and unit with values no rounding or qualifier reconciles; both sources side by side.';
comment on column v_conflicting_claims.region_code is 'GB/T 2260 code of the region.';
comment on column v_conflicting_claims.region is 'Name of the region.';
comment on column v_conflicting_claims.indicator_class is 'Class in the closed taxonomy.';
comment on column v_conflicting_claims.indicator is 'What both figures measure.';
comment on column v_conflicting_claims.period_start is 'First year of the claim.';
comment on column v_conflicting_claims.period_end is 'Last year of the claim.';
comment on column v_conflicting_claims.unit is 'Canonical unit.';
comment on column v_conflicting_claims.value_a is 'Value the first story states.';
comment on column v_conflicting_claims.value_b is 'Value the second story states.';
comment on column v_conflicting_claims.qualifier_a is 'Qualifier of the first value (null: exact).';
comment on column v_conflicting_claims.qualifier_b is 'Qualifier of the second value.';
comment on column v_conflicting_claims.relative_difference is 'Difference of the two values as a share of the larger.';
comment on column v_conflicting_claims.story_a is 'First story (the smaller story_id).';
comment on column v_conflicting_claims.story_b is 'Second story.';
comment on column v_conflicting_claims.copies_a is 'Copies of the first story stating its value.';
comment on column v_conflicting_claims.copies_b is 'Copies of the second story stating its value.';
comment on column v_conflicting_claims.doc_a is 'Copy the first figure is taken from.';
comment on column v_conflicting_claims.doc_b is 'Copy the second figure is taken from.';
comment on column v_conflicting_claims.site_a is 'Site of the first copy.';
comment on column v_conflicting_claims.site_b is 'Site of the second copy.';
comment on column v_conflicting_claims.source_a is 'The 来源 of the first copy.';
comment on column v_conflicting_claims.source_b is 'The 来源 of the second copy.';
comment on column v_conflicting_claims.published_a is 'Publish date of the first copy.';
comment on column v_conflicting_claims.published_b is 'Publish date of the second copy.';
comment on column v_conflicting_claims.title_a is 'Headline of the first copy.';
comment on column v_conflicting_claims.title_b is 'Headline of the second copy.';
comment on column v_conflicting_claims.quote_a is 'The first figure as written.';
comment on column v_conflicting_claims.quote_b is 'The second figure as written.';
comment on column v_conflicting_claims.sentence_a is 'Sentence of the first figure.';
comment on column v_conflicting_claims.sentence_b is 'Sentence of the second figure.';
