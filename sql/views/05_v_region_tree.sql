-- Each division with the prefecture and province it lies in, for rolling counties up.
create or replace view v_region_tree as
with regions as (
    select code, name, level, parent_code from main.regions
),
final as (
    select
        r.code,
        r.name,
        r.level,
        case
            when r.level = 'prefecture' then r.code
            when r.level = 'county' and parent.level = 'prefecture' then parent.code
        end as prefecture_code,
        case
            when r.level = 'prefecture' then r.name
            when r.level = 'county' and parent.level = 'prefecture' then parent.name
        end as prefecture,
        case
            when r.level = 'province' then r.code
            when parent.level = 'province' then parent.code
            when grandparent.level = 'province' then grandparent.code
        end as province_code,
        case
            when r.level = 'province' then r.name
            when parent.level = 'province' then parent.name
            when grandparent.level = 'province' then grandparent.name
        end as province
    from regions as r
    left join regions as parent on parent.code = r.parent_code
    left join regions as grandparent on grandparent.code = parent.parent_code
)
select * from final;

comment on view v_region_tree is 'Each official division (GB/T 2260) with the prefecture and province it lies in, for rolling counties up.';
comment on column v_region_tree.code is 'Six-digit GB/T 2260 code.';
comment on column v_region_tree.name is 'Full official name.';
comment on column v_region_tree.level is 'country, province, prefecture or county.';
comment on column v_region_tree.prefecture_code is 'Code of the prefecture the division is or lies in; null above prefectures and for counties directly under a province.';
comment on column v_region_tree.prefecture is 'Name of that prefecture.';
comment on column v_region_tree.province_code is 'Code of the province the division is or lies in; null for the country.';
comment on column v_region_tree.province is 'Name of that province.';
