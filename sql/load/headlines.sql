-- Headline rows of the run's artifact: the country and provinces first, then prefectures and counties.
select label, unit, province, region, year, value, stories, copies, values_agree
from v_headline_figures
order by
    case region_level when 'country' then 0 when 'province' then 1 when 'prefecture' then 2 else 3 end,
    indicator_class, province, region, year desc
limit $limit;
