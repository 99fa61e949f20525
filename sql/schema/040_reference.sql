-- Reference lists the views read; their rows are shipped in sql/reference/ and reloaded with the views.

create table if not exists generic_indicators (
    indicator varchar primary key,
    why varchar not null
);

comment on table generic_indicators is 'Indicator phrases too broad to say what is measured (资金, 人口): two figures named so are not the same measure, so they never make a conflicting claim. Shipped in sql/reference/generic_indicators.csv.';
comment on column generic_indicators.indicator is 'The indicator phrase as metrics.indicator holds it.';
comment on column generic_indicators.why is 'What the phrase may stand for.';
