-- Current documents whose copies have not been looked for yet: signed since the last stories stage.
select s.doc_id
from story_signatures as s
join documents as d on d.doc_id = s.doc_id
join source_files as f on f.path = d.path
where not s.linked and f.status <> 'removed'
order by s.doc_id;
