-- Poverty incidence and related shares (percent), by region and year, each story's figures once.
create or replace view v_incidence_rate as
with final as (
    select story_id, doc_id, copies, story_sites, publish_date, site, region, region_code, province,
           period_start, period_end, year, kind, value as percent, qualifier, indicator, quote, sentence
    from v_story_metrics
    where indicator_class = 'incidence_rate'
      and unit = 'percent'
      and not optional
)
select * from final
order by region_code nulls last, year nulls last;

comment on view v_incidence_rate is 'Poverty incidence (贫困发生率) and related shares in percent, by region and year, each story''s figures once. Rates never add up: compare or average them.';
comment on column v_incidence_rate.story_id is 'Story the figure belongs to.';
comment on column v_incidence_rate.doc_id is 'Copy the figure is taken from.';
comment on column v_incidence_rate.copies is 'Copies of the story stating the figure.';
comment on column v_incidence_rate.story_sites is 'Distinct sites carrying the story.';
comment on column v_incidence_rate.publish_date is 'Publish date of the copy.';
comment on column v_incidence_rate.site is 'Site of the copy.';
comment on column v_incidence_rate.region is 'Region the rate is for.';
comment on column v_incidence_rate.region_code is 'GB/T 2260 code of region.';
comment on column v_incidence_rate.province is 'Province the region is or lies in.';
comment on column v_incidence_rate.period_start is 'First year of the figure.';
comment on column v_incidence_rate.period_end is 'Last year of the figure (the year the rate was measured).';
comment on column v_incidence_rate.year is 'period_end, else the publish year.';
comment on column v_incidence_rate.kind is 'actual (measured) or target.';
comment on column v_incidence_rate.percent is 'The rate in percent.';
comment on column v_incidence_rate.qualifier is 'approx, at_least, at_most, more_than, less_than, or null.';
comment on column v_incidence_rate.indicator is 'Which rate.';
comment on column v_incidence_rate.quote is 'The figure as written.';
comment on column v_incidence_rate.sentence is 'Sentence the figure stands in.';
