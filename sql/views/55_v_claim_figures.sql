-- The figures that can make a claim: achieved or observed (not targets or standards), not slogans or
-- durations, with a region and a period.
create or replace view v_claim_figures as
select *
from v_metrics
where kind = 'actual'
  and not optional
  and region_code is not null
  and period_start is not null;
