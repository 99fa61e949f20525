-- Every file in the ledger is a document or a reject (or marked removed): nothing lost, nothing silent.
select f.path, f.status
from source_files as f
where (f.status = 'document' and f.path not in (select path from documents))
   or (f.status = 'rejected' and f.path not in (select path from rejects))
   or f.status not in ('document', 'rejected', 'removed')
