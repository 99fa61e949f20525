-- Values no real page reports: more people than live in the region the figure names (bounds per
-- level, above the most populous region of that level), more money than China's output of ten
-- years, more land than China has, shares of a population over 100%, negative counts. A hit is an
-- extraction error or an attack on the extractor (１．５亿亿亿元), never a figure to analyse.
-- Durations, times and counts of things are left alone: geology (百万年) and computing (10万亿次)
-- are real text, only not this product's subject.
with people_bounds (level, most) as (
    values ('country', 1.5e9), ('province', 1.3e8), ('prefecture', 4.0e7), ('county', 5.0e6)
),

unit_bounds (unit, least, most) as (
    values ('household', 0, 1.5e9),
           ('person_time', 0, 1.0e11),
           ('village', 0, 4.0e6),
           ('township', 0, 5.0e4),
           ('county', 0, 3.0e3),
           ('prefecture', 0, 4.0e2),
           ('province', 0, 40),
           ('yuan', -1.0e15, 1.0e15),
           ('mu', 0, 2.0e10),
           ('km2', 0, 1.0e7),
           ('km', 0, 1.0e8),
           ('percent', -1.0e4, 1.0e4),
           ('percentage_point', -100, 100),
           ('permille', -1000, 1000)
),

shares_of_a_population (indicator_class) as (
    values ('incidence_rate')
),

figures as (
    select metrics.doc_id, metrics.position, metrics.quote, metrics.value, metrics.unit,
           metrics.indicator_class, coalesce(regions.level, 'country') as level
    from metrics
    left join regions on regions.code = metrics.region_code
),

final as (
    select figures.*
    from figures
    left join people_bounds using (level)
    left join unit_bounds using (unit)
    where (figures.unit = 'person'
           and (figures.value < 0 or figures.value > people_bounds.most))
       or figures.value < unit_bounds.least
       or figures.value > unit_bounds.most
       or (figures.unit = 'percent'
           and figures.indicator_class in (select indicator_class from shares_of_a_population)
           and (figures.value < 0 or figures.value > 100))
)

select doc_id, position, quote, value, unit, indicator_class, level
from final
