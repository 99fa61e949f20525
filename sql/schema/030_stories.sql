-- Stories: syndicated copies of one article grouped (tasks/stories.py). Idempotent, applied on every run.

alter table documents add column if not exists story_id varchar;

create table if not exists story_signatures (
    doc_id varchar primary key,
    content_md5 varchar not null,
    shingles integer not null,
    minhash ubigint[] not null
);

create table if not exists story_links (
    doc_a varchar not null,
    doc_b varchar not null,
    jaccard double not null,
    containment double not null,
    primary key (doc_a, doc_b)
);

-- Signatures are made in the batches since #11; the stories stage links the new ones. Rows of
-- warehouses made before were linked when they were stored.
alter table story_signatures add column if not exists linked boolean default true;

comment on column documents.story_id is 'Story the article belongs to: the doc_id of the story''s representative, its most complete copy (longest body, then earliest, then smallest id). Copies of one syndicated article (other furniture, light edits, cuts) share it; null for documents of removed files.';

comment on table story_signatures is 'MinHash signature of each document''s body (5-character shingles, 128 permutations, fixed seed): what finds copies without reading old pages again.';
comment on column story_signatures.doc_id is 'Document the signature belongs to.';
comment on column story_signatures.content_md5 is 'MD5 of documents.content the signature was built from: a changed body gets a new signature.';
comment on column story_signatures.shingles is 'Distinct 5-character shingles of the body (letters and digits only).';
comment on column story_signatures.minhash is 'The 128 MinHash values (datasketch''s affine32 scheme, each below 2^32).';
comment on column story_signatures.linked is 'Whether the stories stage has looked for this body''s copies yet (false from its batch''s load until the end of the run).';

comment on table story_links is 'Pairs of documents found to be copies of one story: the shorter body''s shingles are nearly all in the longer one.';
comment on column story_links.doc_a is 'One copy (the smaller doc_id).';
comment on column story_links.doc_b is 'The other copy.';
comment on column story_links.jaccard is 'Estimated Jaccard similarity of the two bodies'' shingle sets.';
comment on column story_links.containment is 'Estimated share of the shorter body''s shingles found in the longer one.';
