-- With --drop-removed: delete what every file marked removed had produced (in this run or earlier ones).
delete from metrics where doc_id in (
    select d.doc_id from documents as d join source_files as f on d.path = f.path where f.status = 'removed');
delete from page_lines where doc_id in (
    select d.doc_id from documents as d join source_files as f on d.path = f.path where f.status = 'removed');
delete from documents where path in (select path from source_files where status = 'removed');
delete from rejects where path in (select path from source_files where status = 'removed');
