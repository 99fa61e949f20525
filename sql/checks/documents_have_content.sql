-- A stored document always has body text.
select doc_id from documents where trim(content) = '' or paragraphs = 0
