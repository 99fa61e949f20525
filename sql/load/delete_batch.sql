-- Forget what earlier runs wrote for the files of this batch, so that a changed file is replaced whole.
-- A document with the same id from another path (a renamed file) is replaced too: one id, one document.
delete from metrics where doc_id in (select d.doc_id from documents as d join batch_files as f on d.path = f.path)
                       or doc_id in (select doc_id from batch_files);
delete from page_lines where doc_id in (select d.doc_id from documents as d join batch_files as f on d.path = f.path)
                          or doc_id in (select doc_id from batch_files);
delete from story_links
where doc_a in (select d.doc_id from documents as d join batch_files as f on d.path = f.path)
   or doc_b in (select d.doc_id from documents as d join batch_files as f on d.path = f.path)
   or doc_a in (select doc_id from batch_files) or doc_b in (select doc_id from batch_files);
delete from story_signatures
where doc_id in (select d.doc_id from documents as d join batch_files as f on d.path = f.path)
   or doc_id in (select doc_id from batch_files);
delete from documents where path in (select path from batch_files) or doc_id in (select doc_id from batch_files);
delete from rejects where path in (select path from batch_files);
