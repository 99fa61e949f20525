-- Every known copy link, old and new runs alike.
select doc_a, doc_b from story_links order by doc_a, doc_b;
