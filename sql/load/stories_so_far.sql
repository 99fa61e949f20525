-- Each current document with the story it was given: in a run that only added documents, these
-- pairs stand in for every link found before.
select d.doc_id, d.story_id
from documents as d
join source_files as f on f.path = d.path
where f.status <> 'removed' and d.story_id is not null
order by d.doc_id;
