-- On how many stored pages of each site each candidate line stands (documents about to be processed again left out).
select p.site, p.line_key, count(*) as pages
from page_lines as p
where p.site in (select site from batch_sites)
  and p.doc_id not in (select doc_id from batch_docs)
group by p.site, p.line_key;
