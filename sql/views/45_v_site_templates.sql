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
