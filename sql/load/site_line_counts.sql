-- On how many stored pages of each site of the batch each candidate line stands (batch documents left out).
select p.site, p.line_key, count(*) as pages
from page_lines as p
where p.site in (select site from batch_sites)
  and p.doc_id not in (select doc_id from batch_docs)
group by p.site, p.line_key;
