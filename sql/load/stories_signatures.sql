-- Signatures of the current documents, to index for copies.
select s.doc_id, s.shingles, s.minhash
from story_signatures as s
join documents as d on d.doc_id = s.doc_id
join source_files as f on f.path = d.path
where f.status <> 'removed'
order by s.doc_id;
