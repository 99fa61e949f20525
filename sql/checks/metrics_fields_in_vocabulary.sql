-- Units, qualifiers, kinds and indicator classes come from the guideline's closed lists.
select doc_id, position, unit, qualifier, kind, indicator_class
from metrics
where unit not in ('person', 'person_time', 'household', 'village', 'township', 'county', 'prefecture',
                   'province', 'organization', 'dwelling', 'item', 'times', 'yuan', 'mu', 'm', 'km', 'm2',
                   'km2', 'kg', 'ton', 'percent', 'percentage_point', 'permille', 'multiple', 'age_year',
                   'score_point', 'day', 'week', 'month', 'year')
   or coalesce(qualifier, 'approx') not in ('approx', 'at_least', 'at_most', 'more_than', 'less_than')
   or kind not in ('actual', 'target', 'standard')
   or indicator_class not in ('poverty_population', 'poverty_exits', 'area_exits', 'incidence_rate', 'income',
                              'funds_invested', 'loans_finance', 'relocation', 'housing', 'education_aid',
                              'health', 'employment', 'industry', 'infrastructure', 'social_security',
                              'cadres_assistance', 'governance_oversight', 'other')
