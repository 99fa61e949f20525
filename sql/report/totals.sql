-- What the warehouse holds, for the report's first lines.
with documents as (
    select count(*) as documents, count(distinct site) as sites from v_document_quality as q
    join main.documents as d using (doc_id)
),
stories as (
    select count(*) as stories, count(*) filter (where copies > 1) as syndicated_stories from v_stories
),
figures as (
    select count(*) as figures from v_metrics where not optional
),
story_figures as (
    select count(*) as story_figures from v_story_metrics where not optional
),
rejects as (
    select count(*) as rejects from v_rejects
)
select * from documents, stories, figures, story_figures, rejects;
