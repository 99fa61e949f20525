-- Current documents whose body has no signature yet, or a signature of an older body.
select d.doc_id, d.content
from documents as d
join source_files as f on f.path = d.path
where f.status <> 'removed'
  and not exists (
      select 1 from story_signatures as s where s.doc_id = d.doc_id and s.content_md5 = md5(d.content)
  )
order by d.doc_id;
