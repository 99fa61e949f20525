-- With --drop-removed: also delete what gone files had produced.
delete from metrics where doc_id in (select d.doc_id from documents as d join removed_files as r on d.path = r.path);
delete from documents where path in (select path from removed_files);
delete from rejects where path in (select path from removed_files);
