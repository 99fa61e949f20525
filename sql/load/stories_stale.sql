-- Current documents without a signature: loaded by a fupin from before bodies were signed in the
-- batches (a document loaded again loses its old signature with its old body, in delete_batch.sql).
select d.doc_id, d.content
from documents as d
join source_files as f on f.path = d.path
where f.status <> 'removed'
  and not exists (select 1 from story_signatures as s where s.doc_id = d.doc_id)
order by d.doc_id;
