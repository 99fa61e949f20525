-- Every region but the country hangs under an existing parent.
select r.code, r.parent_code
from regions as r
where (r.level <> 'country' and (r.parent_code is null or r.parent_code not in (select code from regions)))
   or (r.level = 'country' and r.parent_code is not null)
