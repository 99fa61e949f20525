-- The stories carried by the most copies.
select story_id, title, copies, sites, first_published, last_published, site_names
from v_stories
where copies > 1
order by copies desc, sites desc, story_id
limit $limit;
