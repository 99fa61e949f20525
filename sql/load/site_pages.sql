-- Pages already stored per site, the documents about to be processed again left out (they are being replaced).
select d.site, count(*) as pages
from documents as d
where d.site in (select site from batch_sites)
  and d.doc_id not in (select doc_id from batch_docs)
group by d.site;
