-- Store the new links and each document's story; documents of removed files belong to none.
insert into story_links by name select * from new_links on conflict do nothing;
update story_signatures set linked = true where not linked;
update documents set story_id = null
where story_id is not null and doc_id not in (select doc_id from story_assignments);
update documents set story_id = a.story_id
from story_assignments as a
where documents.doc_id = a.doc_id and documents.story_id is distinct from a.story_id;
