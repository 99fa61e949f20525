-- What template learning found per site: the lines removed from its pages and how often they were seen.
create or replace view v_site_templates as
with templates as (
    select * from main.site_templates
),
final as (
    select
        site,
        line,
        pages_seen,
        site_pages,
        round(pages_seen / site_pages, 3) as share_of_pages,
        line_key,
        run_id
    from templates
)
select * from final
order by site, pages_seen desc, line;

comment on view v_site_templates is 'Per site, the template lines learnt and removed from its pages, and the share of the site''s pages they stand on.';
comment on column v_site_templates.site is 'Site the template belongs to.';
comment on column v_site_templates.line is 'One way the line is written.';
comment on column v_site_templates.pages_seen is 'Pages of the site the line was seen on when learnt.';
comment on column v_site_templates.site_pages is 'Pages of the site seen then.';
comment on column v_site_templates.share_of_pages is 'pages_seen / site_pages.';
comment on column v_site_templates.line_key is 'The line as compared across pages.';
comment on column v_site_templates.run_id is 'Run that last learnt or confirmed the line.';
