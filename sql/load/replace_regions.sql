-- The gazetteer ships with the code: the table is replaced when the shipped list differs.
delete from regions;
insert into regions by name select code, name, level, parent_code from gazetteer_rows;
