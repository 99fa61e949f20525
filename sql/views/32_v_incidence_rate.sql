-- Poverty incidence and related shares (percent), by region and year.
create or replace view v_incidence_rate as
with final as (
    select doc_id, publish_date, site, region, region_code, period_start, period_end, year,
           kind, value as percent, qualifier, indicator, quote, sentence
    from v_metrics
    where indicator_class = 'incidence_rate'
      and unit = 'percent'
      and not optional
)
select * from final
order by region_code nulls last, year nulls last;
