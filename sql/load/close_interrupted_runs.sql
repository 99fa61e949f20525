-- Only one run writes at a time: a run still marked running when another starts was interrupted.
update runs set status = 'interrupted' where status = 'running';
