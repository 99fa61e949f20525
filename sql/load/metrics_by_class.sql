-- Figures in the warehouse per indicator class (slogans and durations left out).
select indicator_class, count(*) as metrics from metrics where not optional group by all order by metrics desc, indicator_class;
