-- Quotes are non-empty spans and periods run forward.
select doc_id, position, quote, source_start, source_end, period_start, period_end
from metrics
where quote = '' or source_end <= source_start or period_end < period_start
