-- A region code always names an official division.
select m.doc_id, m.position, m.region_code
from metrics as m
where m.region_code is not null
  and m.region_code not in (select code from regions)
