-- True when the regions table already holds exactly the shipped gazetteer.
select count(*) = 0 from (
    (select code, name, level, parent_code from regions
     except all
     select code, name, level, parent_code from gazetteer_rows)
    union all
    (select code, name, level, parent_code from gazetteer_rows
     except all
     select code, name, level, parent_code from regions)
);
