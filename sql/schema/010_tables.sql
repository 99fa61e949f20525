-- The warehouse tables. Every statement is idempotent: the flow applies this file on every run.

create table if not exists runs (
    run_id varchar primary key,
    flow_run_name varchar,
    started_at timestamp not null,
    finished_at timestamp,
    raw_dir varchar not null,
    files_seen integer,
    files_new integer,
    files_changed integer,
    files_unchanged integer,
    files_removed integer,
    documents_loaded integer,
    metrics_loaded integer,
    rejects_loaded integer,
    checks_passed integer,
    checks_failed integer,
    status varchar not null
);

create table if not exists source_files (
    path varchar primary key,
    doc_id varchar not null,
    sha256 varchar not null,
    size_bytes bigint not null,
    status varchar not null,
    first_run_id varchar not null,
    last_run_id varchar not null,
    first_seen_at timestamp not null,
    last_seen_at timestamp not null
);

create table if not exists documents (
    doc_id varchar primary key,
    path varchar not null,
    sha256 varchar not null,
    input_kind varchar not null,
    site varchar,
    url varchar,
    title varchar,
    publish_time varchar,
    publish_date date,
    publish_year integer,
    source varchar,
    authors varchar[] not null,
    editor varchar,
    content varchar not null,
    content_original varchar not null,
    script varchar not null,
    encoding varchar not null,
    declared_charset varchar,
    decode_method varchar not null,
    replaced_chars integer not null,
    debris_removed integer not null,
    bytes_in bigint not null,
    chars_decoded integer not null,
    chars_content integer not null,
    chars_removed integer not null,
    removed_by_reason struct(reason varchar, chars integer)[] not null,
    paragraphs integer not null,
    run_id varchar not null
);

create table if not exists metrics (
    doc_id varchar not null,
    position integer not null,
    quote varchar not null,
    source_start integer not null,
    source_end integer not null,
    sentence varchar not null,
    value double not null,
    unit varchar not null,
    qualifier varchar,
    indicator varchar,
    indicator_class varchar not null,
    region varchar,
    region_code varchar,
    period_start integer,
    period_end integer,
    kind varchar not null,
    optional boolean not null,
    run_id varchar not null,
    primary key (doc_id, position)
);

create table if not exists regions (
    code varchar primary key,
    name varchar not null,
    level varchar not null,
    parent_code varchar
);

create table if not exists rejects (
    path varchar primary key,
    sha256 varchar not null,
    stage varchar not null,
    reason varchar not null,
    detail varchar not null,
    run_id varchar not null
);

create table if not exists page_lines (
    doc_id varchar not null,
    site varchar not null,
    line_key varchar not null,
    line varchar not null,
    primary key (doc_id, line_key)
);

create table if not exists site_templates (
    site varchar not null,
    line_key varchar not null,
    line varchar not null,
    pages_seen integer not null,
    site_pages integer not null,
    run_id varchar not null,
    primary key (site, line_key)
);
