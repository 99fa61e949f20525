-- People and households lifted out of poverty, as reported achievements, each story's figures once.
create or replace view v_poverty_exits as
with final as (
    select story_id, doc_id, copies, story_sites, publish_date, site, region, region_code, province,
           period_start, period_end, year, multi_year, part_of_larger,
           value, unit, qualifier, indicator, quote, sentence
    from v_story_metrics
    where indicator_class = 'poverty_exits'
      and unit in ('person', 'household')
      and kind = 'actual'
      and not optional
)
select * from final
order by region_code nulls last, year nulls last, value desc;

comment on view v_poverty_exits is 'People and households lifted out of poverty, reported achievements, each story''s figures once. For yearly totals keep not multi_year and not part_of_larger.';
comment on column v_poverty_exits.story_id is 'Story the figure belongs to.';
comment on column v_poverty_exits.doc_id is 'Copy the figure is taken from.';
comment on column v_poverty_exits.copies is 'Copies of the story stating the figure.';
comment on column v_poverty_exits.story_sites is 'Distinct sites carrying the story.';
comment on column v_poverty_exits.publish_date is 'Publish date of the copy.';
comment on column v_poverty_exits.site is 'Site of the copy.';
comment on column v_poverty_exits.region is 'Region the figure refers to.';
comment on column v_poverty_exits.region_code is 'GB/T 2260 code of region.';
comment on column v_poverty_exits.province is 'Province the region is or lies in.';
comment on column v_poverty_exits.period_start is 'First year of the figure.';
comment on column v_poverty_exits.period_end is 'Last year of the figure.';
comment on column v_poverty_exits.year is 'period_end, else the publish year.';
comment on column v_poverty_exits.multi_year is 'True for a total over several years.';
comment on column v_poverty_exits.part_of_larger is 'True when the story states a larger exit figure for the same region and period.';
comment on column v_poverty_exits.value is 'People or households.';
comment on column v_poverty_exits.unit is 'person or household.';
comment on column v_poverty_exits.qualifier is 'approx, at_least, at_most, more_than, less_than, or null.';
comment on column v_poverty_exits.indicator is 'What is measured (脱贫人口, 减贫人数, ...).';
comment on column v_poverty_exits.quote is 'The figure as written.';
comment on column v_poverty_exits.sentence is 'Sentence the figure stands in.';
