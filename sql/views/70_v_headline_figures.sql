-- The headline figures by region and year: people lifted out of poverty, money invested, poverty
-- incidence. Single-year achievements only (a multi-year total is no year's figure); from each story
-- its largest figure of the kind (the others are parts of it); then across stories the median, the
-- range and whether they agree.
create or replace view v_headline_figures as
with measures as (
    select * from (values
        ('poverty_exits', 'person', '脱贫人口 (人)'),
        ('funds_invested', 'yuan', '扶贫资金 (元)'),
        ('incidence_rate', 'percent', '贫困发生率 (%)')
    ) as m(indicator_class, unit, label)
),
figures as (
    select f.*, m.label
    from v_claim_figures as f
    join measures as m on m.indicator_class = f.indicator_class and m.unit = f.unit
    where not f.multi_year and not f.part_of_larger
),
per_story as (
    select
        indicator_class, label, unit, region_code, region, region_level, province, year, story_id,
        max(value) as value,
        max(low_value) as low_value,
        min(high_value) as high_value,
        sum(copies) as copies
    from figures
    group by all
),
final as (
    select
        indicator_class,
        label,
        unit,
        region_code,
        region,
        region_level,
        coalesce(province, region) as province,
        year,
        round(median(value), 6) as value,
        min(value) as min_value,
        max(value) as max_value,
        count(*) as stories,
        sum(copies) as copies,
        max(low_value) <= min(high_value) as values_agree
    from per_story
    group by all
)
select * from final
order by indicator_class, province, region_code, year;

comment on view v_headline_figures is 'Headline figures by region and year: people lifted out of poverty, money invested, poverty incidence; single-year achievements, each story''s largest figure once, the median across stories with the range and whether they agree. What the report and the run''s artifact show.';
comment on column v_headline_figures.indicator_class is 'poverty_exits, funds_invested or incidence_rate.';
comment on column v_headline_figures.label is 'What the figure is, in words, with its unit.';
comment on column v_headline_figures.unit is 'person, yuan or percent.';
comment on column v_headline_figures.region_code is 'GB/T 2260 code of the region stated.';
comment on column v_headline_figures.region is 'Region stated.';
comment on column v_headline_figures.region_level is 'country, province, prefecture or county.';
comment on column v_headline_figures.province is 'Province the region is or lies in (the region itself for the country).';
comment on column v_headline_figures.year is 'The year of the figure.';
comment on column v_headline_figures.value is 'Median across stories of each story''s figure.';
comment on column v_headline_figures.min_value is 'Smallest value a story states.';
comment on column v_headline_figures.max_value is 'Largest value a story states.';
comment on column v_headline_figures.stories is 'Stories stating a figure.';
comment on column v_headline_figures.copies is 'Documents stating it, syndicated copies included.';
comment on column v_headline_figures.values_agree is 'True when one value fits every story''s statement as written.';
