-- Every site with stored pages: the run reads what is known of each before its first batch.
select distinct site from documents where site is not null;
