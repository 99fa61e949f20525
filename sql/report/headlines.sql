-- Headline figures by region and year.
select indicator_class, label, unit, region_code, region, region_level, province, year, value,
       min_value, max_value, stories, copies, values_agree
from v_headline_figures
order by indicator_class, province, region_code, year;
