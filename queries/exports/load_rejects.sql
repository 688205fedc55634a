-- id: load_rejects
-- title_it: Righe scartate di un caricamento
-- title_en: Rejected rows of a load
-- description_it: Le righe che un caricamento ha scartato, con file, riga, colonna (nome inglese e
--   intestazione del file), valore, motivo, spiegazione e la riga intera in JSON, per correggere il
--   file. Solo per amministratori: i valori scartati possono contenere dati da non pubblicare, e il
--   controllo SQL non concede la tabella rejects ai ricercatori.
-- description_en: The rows a load rejected, with file, line, column (English name and the file's
--   header), value, reason, explanation and the whole row as JSON, to correct the file.
--   Administrators only: rejected values may hold data not to be published, and the SQL gate does
--   not give researchers the table rejects.
-- param: load_id int

SELECT r.load_id, r.file, r.line, r."column", r.file_column, r.value, r.reason, r.detail, r.record
FROM rejects r
WHERE r.load_id = $load_id
ORDER BY r.line, r."column"
