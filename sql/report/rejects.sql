-- Inputs that did not become documents, by stage and reason.
select stage, reason, count(*) as files, sum(size_bytes) as bytes
from v_rejects
group by stage, reason
order by files desc, stage, reason;
