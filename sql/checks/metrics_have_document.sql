-- Every metric belongs to a stored document.
select m.doc_id, m.position from metrics as m anti join documents as d on d.doc_id = m.doc_id
