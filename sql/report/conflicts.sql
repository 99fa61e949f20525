-- The conflicting claims most worth a look: the most widely published first, then the largest gaps.
select region, indicator, period_start, period_end, unit, value_a, value_b, relative_difference,
       copies_a, copies_b, site_a, site_b, source_a, source_b, published_a, published_b,
       title_a, title_b, quote_a, quote_b, sentence_a, sentence_b
from v_conflicting_claims
order by copies_a + copies_b desc, relative_difference desc, region_code, indicator
limit $limit;
