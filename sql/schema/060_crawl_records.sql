-- Added with crawler input (#11): what the crawler recorded with a page read from a WARC file or a
-- JSON line. Warehouses made before get the columns on their next run.
alter table documents add column if not exists fetched_at varchar;
alter table documents add column if not exists crawl_fields json;

comment on column documents.fetched_at is 'When the crawler fetched the page (ISO 8601 as the crawler gave it: WARC-Date, or a JSON line''s fetch_time/fetched_at/crawl_time/crawled_at/timestamp/date); null for a page read from a file.';
comment on column documents.crawl_fields is 'For a page from a crawler container: a JSON line''s other keys, or the WARC record''s type, record id, HTTP status and content type; null for a page read from a file.';
