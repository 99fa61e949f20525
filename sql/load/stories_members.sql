-- What chooses each current document's place in its story: body length and date.
select d.doc_id, d.chars_content, d.publish_date
from documents as d
join source_files as f on f.path = d.path
where f.status <> 'removed'
order by d.doc_id;
