-- Documents whose story the last stories stage did not settle: current ones without a story (their
-- own, at least), and documents of removed files still holding one.
select count(*)
from documents as d
join source_files as f on f.path = d.path
where (f.status <> 'removed' and d.story_id is null)
   or (f.status = 'removed' and d.story_id is not null);
