-- People and households lifted out of poverty, as reported achievements.
create or replace view v_poverty_exits as
with final as (
    select doc_id, publish_date, site, region, region_code, period_start, period_end, year,
           value, unit, qualifier, indicator, quote, sentence
    from v_metrics
    where indicator_class = 'poverty_exits'
      and unit in ('person', 'household')
      and kind = 'actual'
      and not optional
)
select * from final
order by region_code nulls last, year nulls last;
