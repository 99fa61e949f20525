select
    (select count(*) from source_files where status <> 'removed') as files,
    (select count(*) from documents) as documents,
    (select count(*) from metrics) as metrics,
    (select count(*) from rejects) as rejects;
