-- Current documents and the stories they form.
select count(*), count(distinct d.story_id)
from documents as d
join source_files as f on f.path = d.path
where f.status <> 'removed';
