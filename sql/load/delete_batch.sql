-- Forget what earlier runs wrote for the files of this batch, so that a changed file is replaced whole.
-- A document with the same id from another path (a renamed file) is replaced too: one id, one document.
-- The ids are gathered once, so that each table is scanned once against one small set.
create or replace temp table replaced_documents as
select doc_id from documents where path in (select path from batch_files)
union
select doc_id from batch_files;
delete from metrics where doc_id in (select doc_id from replaced_documents);
delete from page_lines where doc_id in (select doc_id from replaced_documents);
delete from story_links
where doc_a in (select doc_id from replaced_documents) or doc_b in (select doc_id from replaced_documents);
delete from story_signatures where doc_id in (select doc_id from replaced_documents);
delete from documents where doc_id in (select doc_id from replaced_documents);
delete from rejects where path in (select path from batch_files);
drop table replaced_documents;
