-- One row per story: syndicated copies of one article counted once, with how many copies and sites carry it.
create or replace view v_stories as
with documents as (
    -- A document not grouped yet (no stories stage run) is a story of its own.
    select
        d.doc_id,
        coalesce(d.story_id, d.doc_id) as story_id,
        d.title,
        d.site,
        d.source,
        d.publish_date,
        d.chars_content
    from main.documents as d
    join main.source_files as f on f.path = d.path
    where f.status <> 'removed'
),
copies as (
    select
        story_id,
        count(*) as copies,
        count(distinct site) as sites,
        min(publish_date) as first_published,
        max(publish_date) as last_published,
        list(doc_id order by publish_date nulls last, doc_id) as doc_ids,
        list(distinct site order by site) filter (where site is not null) as site_names
    from documents
    group by story_id
),
final as (
    select
        c.story_id,
        r.title,
        r.site,
        r.source,
        r.publish_date,
        r.chars_content,
        c.copies,
        c.sites,
        c.first_published,
        c.last_published,
        c.doc_ids,
        coalesce(c.site_names, []) as site_names
    from copies as c
    join documents as r on r.doc_id = c.story_id
)
select * from final
order by copies desc, story_id;

comment on view v_stories is 'One row per story: the copies of one syndicated article (other furniture, light edits, cuts) counted once, with how many copies and sites carry it.';
comment on column v_stories.story_id is 'Story id: the doc_id of its representative, the most complete copy.';
comment on column v_stories.title is 'Headline of the representative copy.';
comment on column v_stories.site is 'Site of the representative copy.';
comment on column v_stories.source is 'The 来源 the representative copy names.';
comment on column v_stories.publish_date is 'Publish date of the representative copy.';
comment on column v_stories.chars_content is 'Characters of the representative copy''s body.';
comment on column v_stories.copies is 'Current documents that are copies of the story (1 when it was published once).';
comment on column v_stories.sites is 'Distinct sites among the copies (copies whose site is unknown not counted).';
comment on column v_stories.first_published is 'Earliest publish date among the copies.';
comment on column v_stories.last_published is 'Latest publish date among the copies.';
comment on column v_stories.doc_ids is 'Every copy''s doc_id, earliest first.';
comment on column v_stories.site_names is 'The sites carrying the story, alphabetically.';
