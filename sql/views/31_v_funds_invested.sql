-- Money put into poverty alleviation (yuan), achievements and targets told apart by kind.
create or replace view v_funds_invested as
with final as (
    select doc_id, publish_date, site, region, region_code, period_start, period_end, year,
           kind, value as yuan, value / 1e8 as yi_yuan, qualifier, indicator, quote, sentence
    from v_metrics
    where indicator_class = 'funds_invested'
      and unit = 'yuan'
      and not optional
)
select * from final
order by region_code nulls last, year nulls last;
