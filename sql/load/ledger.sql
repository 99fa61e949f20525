-- What the warehouse already knows of each input file.
select path, sha256, status from source_files;
