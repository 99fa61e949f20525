-- Each story's figures once: copies of a story restate its figures, so a figure stated by several
-- copies (same indicator, unit, region, period, kind, qualifier and value) is one row here, taken from
-- the representative copy where it has it. Marks what a plain sum() would get wrong.
create or replace view v_story_metrics as
with figures as (
    select *, doc_id = story_id as from_representative from v_metrics
),
deduplicated as (
    select
        *,
        count(distinct doc_id) over copy as copies
    from figures
    window copy as (
        partition by story_id, indicator_class, indicator, unit, region_code, period_start,
                     period_end, kind, qualifier, value, optional
    )
    qualify row_number() over (
        partition by story_id, indicator_class, indicator, unit, region_code, period_start,
                     period_end, kind, qualifier, value, optional
        order by from_representative desc, doc_id, position
    ) = 1
),
marked as (
    select
        *,
        -- Shares, rates, multiples, scores and ages never add up (guideline units).
        unit not in ('percent', 'percentage_point', 'times', 'score_point', 'age_year') as additive,
        -- A larger figure of the same class, region, period, kind and unit in the same story: this one
        -- is a part of it (其中) or a narrower measure (市县财政资金 within 统筹整合资金).
        unit not in ('percent', 'percentage_point', 'times', 'score_point', 'age_year')
            and not optional
            and value < max(value) filter (where not optional) over (
                partition by story_id, indicator_class, region_code, period_start, period_end, kind, unit
            ) as part_of_larger
    from deduplicated
),
final as (
    select
        story_id,
        doc_id,
        position,
        copies,
        story_copies,
        story_sites,
        title,
        site,
        source,
        publish_date,
        quote,
        value,
        unit,
        qualifier,
        indicator,
        indicator_class,
        region,
        region_code,
        region_level,
        prefecture_code,
        prefecture,
        province_code,
        province,
        period_start,
        period_end,
        year,
        multi_year,
        additive,
        coalesce(part_of_larger, false) as part_of_larger,
        kind,
        optional,
        sentence
    from marked
)
select * from final;

comment on view v_story_metrics is 'Each story''s figures once (copies of a syndicated article restate them), with how many copies state each, and marks for what a plain sum() gets wrong: multi_year totals, part_of_larger figures and non-additive units. To add figures up, keep additive and not multi_year and not part_of_larger.';
comment on column v_story_metrics.story_id is 'Story the figure belongs to (v_stories.story_id).';
comment on column v_story_metrics.doc_id is 'Copy the row is taken from: the representative when it states the figure.';
comment on column v_story_metrics.position is 'Order of the figure in that copy, from 0.';
comment on column v_story_metrics.copies is 'Copies of the story that state this figure.';
comment on column v_story_metrics.story_copies is 'Copies of the story in the warehouse.';
comment on column v_story_metrics.story_sites is 'Distinct sites carrying the story.';
comment on column v_story_metrics.title is 'Headline of the copy.';
comment on column v_story_metrics.site is 'Site of the copy.';
comment on column v_story_metrics.source is 'The 来源 the copy names.';
comment on column v_story_metrics.publish_date is 'Publish date of the copy.';
comment on column v_story_metrics.quote is 'The figure exactly as written.';
comment on column v_story_metrics.value is 'Value in the base unit, rounded to what the text states.';
comment on column v_story_metrics.unit is 'Canonical unit.';
comment on column v_story_metrics.qualifier is 'approx, at_least, at_most, more_than, less_than, or null for an exact figure.';
comment on column v_story_metrics.indicator is 'What is measured.';
comment on column v_story_metrics.indicator_class is 'Class in the closed taxonomy.';
comment on column v_story_metrics.region is 'Region the figure refers to.';
comment on column v_story_metrics.region_code is 'GB/T 2260 code of region.';
comment on column v_story_metrics.region_level is 'country, province, prefecture or county.';
comment on column v_story_metrics.prefecture_code is 'Code of the prefecture the region is or lies in.';
comment on column v_story_metrics.prefecture is 'Name of that prefecture.';
comment on column v_story_metrics.province_code is 'Code of the province the region is or lies in.';
comment on column v_story_metrics.province is 'Name of that province.';
comment on column v_story_metrics.period_start is 'First year the figure refers to.';
comment on column v_story_metrics.period_end is 'Last year the figure refers to.';
comment on column v_story_metrics.year is 'period_end, else the publish year.';
comment on column v_story_metrics.multi_year is 'True for a total over several years: never add it to single years.';
comment on column v_story_metrics.additive is 'False for shares, rates, multiples, scores and ages, which never add up.';
comment on column v_story_metrics.part_of_larger is 'True when the same story states a larger additive figure of the same class, region, period, kind and unit: this one is a part of it (其中) or a narrower measure, and adding both counts it twice.';
comment on column v_story_metrics.kind is 'actual, target or standard.';
comment on column v_story_metrics.optional is 'True for slogans, programme names with numerals and durations.';
comment on column v_story_metrics.sentence is 'Sentence the figure stands in, normalised.';
