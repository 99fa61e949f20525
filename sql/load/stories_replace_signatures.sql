-- Forget the signatures and links of changed and deleted documents, then store the new signatures.
delete from story_links
where doc_a in (select doc_id from new_signatures)
   or doc_b in (select doc_id from new_signatures)
   or doc_a not in (select doc_id from documents)
   or doc_b not in (select doc_id from documents);
delete from story_signatures
where doc_id in (select doc_id from new_signatures)
   or doc_id not in (select doc_id from documents);
insert into story_signatures by name select * from new_signatures;
