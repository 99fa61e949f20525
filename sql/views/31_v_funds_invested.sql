-- Money put into poverty alleviation (yuan), achievements and targets told apart by kind, each story's figures once.
create or replace view v_funds_invested as
with final as (
    select story_id, doc_id, copies, story_sites, publish_date, site, region, region_code, province,
           period_start, period_end, year, multi_year, part_of_larger, kind,
           value as yuan, round(value / 1e8, 8) as yi_yuan, qualifier, indicator, quote, sentence
    from v_story_metrics
    where indicator_class = 'funds_invested'
      and unit = 'yuan'
      and not optional
)
select * from final
order by region_code nulls last, year nulls last, yuan desc;

comment on view v_funds_invested is 'Money put into poverty alleviation, in yuan and 亿元, achievements and targets apart (kind), each story''s figures once. Funds nest (市县财政资金 within 统筹整合资金): keep not part_of_larger and not multi_year before adding.';
comment on column v_funds_invested.story_id is 'Story the figure belongs to.';
comment on column v_funds_invested.doc_id is 'Copy the figure is taken from.';
comment on column v_funds_invested.copies is 'Copies of the story stating the figure.';
comment on column v_funds_invested.story_sites is 'Distinct sites carrying the story.';
comment on column v_funds_invested.publish_date is 'Publish date of the copy.';
comment on column v_funds_invested.site is 'Site of the copy.';
comment on column v_funds_invested.region is 'Region the money went to.';
comment on column v_funds_invested.region_code is 'GB/T 2260 code of region.';
comment on column v_funds_invested.province is 'Province the region is or lies in.';
comment on column v_funds_invested.period_start is 'First year of the figure.';
comment on column v_funds_invested.period_end is 'Last year of the figure.';
comment on column v_funds_invested.year is 'period_end, else the publish year.';
comment on column v_funds_invested.multi_year is 'True for a total over several years.';
comment on column v_funds_invested.part_of_larger is 'True when the story states a larger sum for the same region, period and kind: this one is a part of it or a narrower fund.';
comment on column v_funds_invested.kind is 'actual (spent) or target (planned); standard for subsidy rates.';
comment on column v_funds_invested.yuan is 'Amount in yuan.';
comment on column v_funds_invested.yi_yuan is 'Amount in 亿元 (1e8 yuan).';
comment on column v_funds_invested.qualifier is 'approx, at_least, at_most, more_than, less_than, or null.';
comment on column v_funds_invested.indicator is 'Which money (财政专项扶贫资金, 统筹整合资金, ...).';
comment on column v_funds_invested.quote is 'The figure as written.';
comment on column v_funds_invested.sentence is 'Sentence the figure stands in.';
