select stage || ': ' || reason as reason, count(*) as files from rejects group by all order by files desc, reason;
