-- The figures that can make a claim: achieved or observed (not targets or standards), not slogans or
-- durations, with a region and a period; each story's once. low_value..high_value is what the text
-- allows: half a step of its last stated digit (46.3万 is 46.25万 to 46.35万), ±5% for 约/近/左右,
-- up to the next step for 多 (1700多万 < 1800万), open-ended for 以上/超过/以下.
create or replace view v_claim_figures as
with figures as (
    select * from v_story_metrics
    where kind = 'actual'
      and not optional
      and region_code is not null
      and period_start is not null
),
stated as (
    select
        *,
        regexp_extract(quote, '[0-9]+(\.[0-9]+)?') as stated_number
    from figures
),
steps as (
    select
        *,
        case
            when try_cast(stated_number as double) > 0 then
                0.5 * value / cast(stated_number as double)
                    * pow(10, -length(coalesce(nullif(regexp_extract(stated_number, '\.([0-9]+)', 1), ''), '')))
            else 0.0005 * abs(value)
        end as half_step,
        -- 1700多万 lies below 1800万, 40多 below 50, 7亿多 below 8亿: one step of the last stated digit.
        case
            when contains(quote, '多') and try_cast(stated_number as double) > 0 and not contains(stated_number, '.') then
                value / cast(stated_number as double)
                    * pow(10, length(stated_number) - length(rtrim(stated_number, '0')))
        end as more_step
    from stated
),
bounded as (
    select
        * exclude (stated_number, half_step, more_step),
        case
            when qualifier = 'approx' then value - greatest(half_step, 0.05 * abs(value))
            when qualifier = 'more_than' then value
            when qualifier in ('at_most', 'less_than') then '-infinity'::double
            else value - half_step
        end as low_value,
        case
            when qualifier = 'approx' then value + greatest(half_step, 0.05 * abs(value))
            when qualifier = 'more_than' and more_step is not null then value + more_step
            when qualifier in ('at_least', 'more_than') then 'infinity'::double
            when qualifier = 'less_than' then value
            else value + half_step
        end as high_value,
        indicator is not null
            and indicator not in (select indicator from main.generic_indicators) as specific_indicator,
        -- 平均每年下降1.4个百分点 over 2012-2016 is a yearly average, not the span's change.
        strpos(sentence, quote) > 0
            and regexp_matches(
                sentence[:strpos(sentence, quote) - 1], '(平均每年|年均|每年平均|平均每年度)[^,，;；。]*$'
            ) as yearly_average
    from steps
),
final as (
    select
        *,
        -- One story giving several values for what the extraction calls one measure (减少333万,
        -- 剩余1442万, both 贫困人口 of 2016) shows that the name does not pin the measure down there.
        count(distinct value) over (
            partition by story_id, indicator_class, indicator, region_code, period_start, period_end,
                         unit, yearly_average
        ) = 1 as one_value_in_story
    from bounded
)
select * from final;

comment on view v_claim_figures is 'Figures that can make a claim: actual, not slogans or durations, with a region and a period; each story''s once; with the range of values the text allows.';
comment on column v_claim_figures.story_id is 'Story the figure belongs to.';
comment on column v_claim_figures.doc_id is 'Copy the figure is taken from.';
comment on column v_claim_figures.position is 'Order of the figure in that copy.';
comment on column v_claim_figures.copies is 'Copies of the story stating the figure.';
comment on column v_claim_figures.story_copies is 'Copies of the story.';
comment on column v_claim_figures.story_sites is 'Distinct sites carrying the story.';
comment on column v_claim_figures.title is 'Headline of the copy.';
comment on column v_claim_figures.site is 'Site of the copy.';
comment on column v_claim_figures.source is 'The 来源 the copy names.';
comment on column v_claim_figures.publish_date is 'Publish date of the copy.';
comment on column v_claim_figures.quote is 'The figure as written.';
comment on column v_claim_figures.value is 'Value in the base unit.';
comment on column v_claim_figures.unit is 'Canonical unit.';
comment on column v_claim_figures.qualifier is 'approx, at_least, at_most, more_than, less_than, or null.';
comment on column v_claim_figures.indicator is 'What is measured.';
comment on column v_claim_figures.indicator_class is 'Class in the closed taxonomy.';
comment on column v_claim_figures.region is 'Region the figure refers to.';
comment on column v_claim_figures.region_code is 'GB/T 2260 code of region.';
comment on column v_claim_figures.region_level is 'country, province, prefecture or county.';
comment on column v_claim_figures.prefecture_code is 'Code of the prefecture the region is or lies in.';
comment on column v_claim_figures.prefecture is 'Name of that prefecture.';
comment on column v_claim_figures.province_code is 'Code of the province the region is or lies in.';
comment on column v_claim_figures.province is 'Name of that province.';
comment on column v_claim_figures.period_start is 'First year the figure refers to.';
comment on column v_claim_figures.period_end is 'Last year the figure refers to.';
comment on column v_claim_figures.year is 'period_end, else the publish year.';
comment on column v_claim_figures.multi_year is 'True for a total over several years.';
comment on column v_claim_figures.additive is 'False for shares, rates, multiples, scores and ages.';
comment on column v_claim_figures.part_of_larger is 'True when the story states a larger figure of the same class, region, period and unit.';
comment on column v_claim_figures.kind is 'Always actual here.';
comment on column v_claim_figures.optional is 'Always false here.';
comment on column v_claim_figures.sentence is 'Sentence the figure stands in.';
comment on column v_claim_figures.low_value is 'Smallest value the text allows: half a step of its last stated digit below, 5% below for approx, -infinity for at_most/less_than.';
comment on column v_claim_figures.high_value is 'Largest value the text allows: half a step above, 5% above for approx, one step of the last digit above for 多 (1700多万 < 1800万), infinity for 以上/超过.';
comment on column v_claim_figures.yearly_average is 'True when the text gives the figure as a yearly average (平均每年, 年均) of its period: a different measure from the period''s total.';
comment on column v_claim_figures.one_value_in_story is 'False when the same story gives other values for the same indicator, region, period and unit: the indicator does not pin the measure down there, so the figure makes no conflict.';
comment on column v_claim_figures.specific_indicator is 'False when the indicator is missing or too broad to say what is measured (generic_indicators: 资金, 人口, ...): such figures make no conflict.';
