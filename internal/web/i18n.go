package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// lang picks the page language: ?lang=, else the browser's
// Accept-Language, else Italian.
func lang(r *http.Request) string {
	switch r.URL.Query().Get("lang") {
	case "en":
		return "en"
	case "it":
		return "it"
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err == nil {
		for _, t := range tags {
			base, _ := t.Base()
			switch base.String() {
			case "it":
				return "it"
			case "en":
				return "en"
			}
		}
	}
	return "it"
}

// ui holds the interface's words.
var ui = map[string][2]string{ // key → {it, en}
	"site":                    {"Osservatorio sul Partenariato", "Partnership Observatory"},
	"tagline":                 {"Indicatori strutturali dei partenariati della politica di coesione", "Structural indicators of cohesion policy partnerships"},
	"filters":                 {"Filtri", "Filters"},
	"apply":                   {"Applica", "Apply"},
	"reset":                   {"Azzera", "Reset"},
	"evidence":                {"Evidenze", "Evidence"},
	"evidence_lead":           {"Dossier di evidenze: selezioni di indicatori e confronti congelate su una versione dei dati, citabili e verificabili.", "Evidence packs: selections of indicators and comparisons frozen on one data version, citable and verifiable."},
	"pack_id":                 {"Dossier", "Pack"},
	"pack_title":              {"Titolo", "Title"},
	"pack_items":              {"Elementi", "Items"},
	"pack_state":              {"Stato", "State"},
	"pack_frozen":             {"congelato", "frozen"},
	"pack_draft":              {"bozza", "draft"},
	"no_packs":                {"Nessun dossier pubblicato.", "No pack published."},
	"new_pack":                {"Nuovo dossier", "New pack"},
	"pack_authors":            {"Autori", "Authors"},
	"pack_authors_hint":       {"Laboratorio, ufficio o id pseudonimi, separati da virgole: nessun nome di persona", "Laboratorio, office or pseudonymous ids, comma-separated: no person's name"},
	"pack_purpose":            {"Scopo (linea guida o domanda)", "Purpose (guideline or question)"},
	"create":                  {"Crea", "Create"},
	"pack_how":                {"Il dossier usa lo snapshot pubblicato. Si aggiungono elementi dai cruscotti («Aggiungi al dossier») o qui sotto; congelato, non cambia più.", "The pack uses the published snapshot. Add items from the dashboards (\"Add to pack\") or on its page; once frozen it never changes."},
	"pack_lab_only":           {"Creare e comporre dossier è riservato ai Laboratori: accedi con un token del Laboratorio.", "Creating and building packs is for the Laboratori: sign in with a Laboratorio token."},
	"download_zip":            {"Scarica il dossier (ZIP)", "Download the pack (ZIP)"},
	"zip_digest":              {"SHA-256 del manifest:", "Manifest SHA-256:"},
	"freeze":                  {"Congela il dossier", "Freeze the pack"},
	"freeze_note":             {"Dopo il congelamento il dossier non cambia più: ZIP, valori e citazione restano questi.", "Once frozen the pack never changes: ZIP, values and citation stay as they are."},
	"pack_indicators":         {"Indicatori", "Indicators"},
	"scopes":                  {"Ambiti", "Scopes"},
	"periods":                 {"Periodi", "Periods"},
	"add":                     {"Aggiungi", "Add"},
	"add_to_pack":             {"Aggiungi al dossier", "Add to pack"},
	"add_to_pack_lead":        {"Aggiungi questo dato a una bozza di dossier di evidenze, o creane una nuova.", "Add this figure to a draft evidence pack, or start a new one."},
	"cmp_scope":               {"Ambito", "Scope"},
	"cmp_note":                {"B − A: per le quote, differenza in punti percentuali (pp). Aprire il nome di un indicatore per la sua definizione.", "B − A: for shares, the difference in percentage points (pp). Open an indicator's name for its definition."},
	"tbl_organisations":       {"Organizzazioni", "Organisations"},
	"tbl_bodies":              {"Organismi", "Bodies"},
	"tbl_memberships":         {"Composizione", "Memberships"},
	"tbl_meetings":            {"Riunioni", "Meetings"},
	"tbl_attendance":          {"Presenze", "Attendance"},
	"tbl_contributions":       {"Contributi", "Contributions"},
	"tbl_guideline_adoptions": {"Adozioni di linee guida", "Guideline adoptions"},
	"tbl_rejects":             {"Righe scartate", "Rejected rows"},
	"tbl_loads":               {"Caricamenti", "Loads"},
	"records_note":            {"Questa pagina mostra i registri (composizione, presenze, contributi) alla versione dei dati indicata in fondo; gli indicatori si leggono nei cruscotti e nelle pagine degli organismi.", "This page shows the records (memberships, attendance, contributions) at the data version given below; indicators are on the dashboards and the bodies' pages."},
	"kpi_of":                  {"su", "of"},
	"kpi_n":                   {"n =", "n ="},
	"kpi_vs":                  {"rispetto al", "vs"},
	"add_to_draft":            {"Aggiungi a una bozza", "Add to a draft"},
	"pack_snapshot_note":      {"I valori sono presi dalla versione dei dati del dossier (per un nuovo dossier: quella pubblicata).", "Values are taken from the pack's data version (for a new pack: the published one)."},
	"back":                    {"Torna alla pagina", "Back to the page"},
	"all":                     {"Tutti", "All"},
	"cycle":                   {"Ciclo", "Cycle"},
	"programme":               {"Programma", "Programme"},
	"body_type":               {"Tipo di organismo", "Body type"},
	"nuts":                    {"Regione (NUTS 2)", "Region (NUTS 2)"},
	"year":                    {"Anno", "Year"},
	"body":                    {"Organismo", "Body"},
	"selected":                {"Selezione", "Selection"},
	"scope_note":              {"Gli indicatori sono calcolati per l'ambito", "Indicators are computed for the scope"},
	"explain":                 {"Come leggere questo indicatore", "How to read this indicator"},
	"data":                    {"Dati del grafico", "Chart data"},
	"csv":                     {"Scarica CSV", "Download CSV"},
	"downloads":               {"Scarica", "Download"},
	"dl_csv_it":               {"CSV per Excel", "CSV for Excel (Italian)"},
	"dl_csv_it_hint":          {"Per Excel in italiano: separatore «;», virgola decimale, etichette e valori come nella pagina", "For Excel set to Italian: «;» separator, decimal comma, labels and values as on the page"},
	"dl_xlsx":                 {"Excel (XLSX)", "Excel (XLSX)"},
	"dl_xlsx_hint":            {"Cartella di Excel con valori numerici e, nel secondo foglio, la definizione, i filtri, la versione dei dati e la citazione", "Excel workbook with numeric values and, on its second sheet, the definition, the filters, the data version and the citation"},
	"dl_csv":                  {"CSV (dati)", "CSV (data)"},
	"dl_csv_hint":             {"CSV per R, Python e altri programmi: separatore «,», punto decimale, codici e valori a piena precisione", "CSV for R, Python and other programs: «,» separator, decimal point, codes and full-precision values"},
	"about_sheet":             {"Informazioni", "About"},
	"chart":                   {"Grafico", "Chart"},
	"page":                    {"Pagina", "Page"},
	"ind_scope":               {"Ambito degli indicatori", "Indicator scope"},
	"as_of_label":             {"Data di riferimento", "Reference date"},
	"citation":                {"Citazione", "Citation"},
	"no_filters":              {"nessuno (tutti i dati)", "none (all the data)"},
	"small_cells":             {"Valori non mostrati", "Values not shown"},
	"no_data":                 {"Nessun dato per questa selezione.", "No data for this selection."},
	"no_values":               {"Nessun valore calcolabile per questa selezione: i denominatori sono vuoti (la tabella mostra i conteggi).", "No value can be computed for this selection: the denominators are empty (the table shows the counts)."},
	"no_snapshot":             {"Gli indicatori non sono ancora stati calcolati.", "The indicators have not been computed yet."},
	"what":                    {"Che cosa misura", "What it measures"},
	"formula":                 {"Formula", "Formula"},
	"why":                     {"Perché conta", "Why it matters"},
	"read":                    {"Come leggerlo", "How to read it"},
	"caveats":                 {"Cautele", "Caveats"},
	"source":                  {"Fonte", "Source"},
	"data_version":            {"Versione dei dati", "Data version"},
	"computed":                {"Indicatori calcolati il", "Indicators computed on"},
	"as_of":                   {"data di riferimento", "reference date"},
	"previous":                {"anno precedente", "previous year"},
	"suppressed":              {"< 3 persone", "< 3 people"},
	"compare":                 {"Confronta", "Compare"},
	"dati":                    {"Dati", "Data"},
	"bodies":                  {"Organismi", "Bodies"},
	"map_credit":              {"Mappa delle regioni: @svg-maps/italy, CC BY 4.0.", "Regions map: @svg-maps/italy, CC BY 4.0."},
	"loads":                   {"Caricamenti", "Loads"},
	"rejects":                 {"Righe scartate", "Rejected rows"},
	"indicator":               {"Indicatore", "Indicator"},
	"value":                   {"Valore", "Value"},
	"left":                    {"A", "A"},
	"right":                   {"B", "B"},
	"period":                  {"Periodo", "Period"},
	"footer":                  {"Dati di esempio con nomi reali di Officine Coesione e numeri sintetici, se non caricati altri dati.", "Sample data with real Officine Coesione names and synthetic numbers, unless other data were loaded."},
	"organisation":            {"Organizzazione", "Organisation"},
	"search":                  {"Cerca", "Search"},
	"search_lead":             {"Organizzazioni e organismi per nome o codice, senza badare a maiuscole e accenti.", "Organisations and bodies by name or id, regardless of case and accents."},
	"search_label":            {"Nome o codice", "Name or id"},
	"search_placeholder":      {"Cerca organizzazioni e organismi", "Search organisations and bodies"},
	"search_results":          {"Risultati per", "Results for"},
	"search_more":             {"solo i primi 50: precisa la ricerca", "the first 50 only: narrow the search"},
	"no_results":              {"Nessun risultato per", "No results for"},
	"members_of":              {"Organismi", "Bodies"},
	"change":                  {"variazione", "change"},
	"yes":                     {"sì", "yes"},
	"no":                      {"no", "no"},
	"skip":                    {"Vai al contenuto", "Skip to content"},
	"dashboards":              {"Cruscotti", "Dashboards"},
	"bodies_lead":             {"Ogni organismo di partenariato ha la sua pagina con tutti gli indicatori.", "Every partnership body has its own page with all the indicators."},
	"dati_lead":               {"I caricamenti dei registri di partecipazione, con le righe scartate e il motivo.", "The loads of participation records, with the rejected rows and why."},
	"compare_lead":            {"Due ambiti, o due periodi dello stesso ambito, fianco a fianco.", "Two scopes, or two periods of one scope, side by side."},
	"shares_compared":         {"Quote a confronto", "Shares compared"},
	"table":                   {"Tabella", "Table"},
	"rows":                    {"Righe", "Rows"},
	"finished":                {"Fine", "Finished"},
	"network":                 {"Rete", "Network"},
	"values":                  {"Valori", "Values"},
	"file":                    {"File", "File"},
	"kind":                    {"Tipo", "Kind"},
	"outcome":                 {"Esito", "Outcome"},
	"read_rows":               {"Lette", "Read"},
	"loaded_rows":             {"Caricate", "Loaded"},
	"rejected_rows":           {"Scartate", "Rejected"},
	"message":                 {"Messaggio", "Message"},
	"line":                    {"Riga", "Line"},
	"column":                  {"Colonna", "Column"},
	"reason":                  {"Motivo", "Reason"},
	"lorenz":                  {"Curva di Lorenz", "Lorenz curve"},
	"equality":                {"Equidistribuzione", "Perfect equality"},
	"versions":                {"Versioni", "Versions"},
	"versions_lead":           {"Le versioni dei dati con indicatori calcolati: ognuna si può citare e riaprire così com'era.", "The data versions with computed indicators: each can be cited and reopened exactly as it was."},
	"published":               {"pubblicata", "published"},
	"open":                    {"Apri", "Open"},
	"changes":                 {"Che cosa è cambiato", "What changed"},
	"changes_between":         {"Caricamenti tra la versione", "Loads between version"},
	"and":                     {"e la versione", "and version"},
	"from_version":            {"Dalla versione", "From version"},
	"to_version":              {"alla versione", "to version"},
	"show":                    {"Mostra", "Show"},
	"no_changes":              {"Nessun caricamento tra queste versioni.", "No load between these versions."},
	"cite":                    {"Cita questo dato", "Cite"},
	"cite_link":               {"Indirizzo stabile", "Permanent link"},
	"accessed":                {"consultato il", "accessed"},
	"cited_view":              {"Stai vedendo una versione citata, non quella pubblicata ora.", "You are viewing a cited version, not the one published now."},
	"go_published":            {"Vai alla versione pubblicata", "Go to the published version"},
	"population":              {"Gli indicatori di questo pannello riguardano", "This panel's indicators cover"},
	"population_note":         {"Gli indicatori sono calcolati per un solo ambito alla volta: i pannelli di indicatori (segnati) riguardano", "Indicators are computed for one scope at a time: the indicator panels (marked) cover"},
	"population_rest":         {"gli altri pannelli applicano tutti i filtri.", "the other panels apply every filter."},
	"error":                   {"Errore", "Error"},
	"not_found":               {"Pagina non trovata", "Page not found"},
	"bad_request":             {"Richiesta non valida", "Bad request"},
	"server_error":            {"Errore interno", "Internal error"},
	"server_error_text":       {"Qualcosa non ha funzionato da parte nostra. Se il problema continua, segnalate questo codice:", "Something went wrong on our side. If it keeps happening, report this code:"},
	"request_id":              {"Codice della richiesta", "Request id"},
	"snapshots_available":     {"Versioni disponibili", "Available versions"},
	"back_home":               {"Torna alla panoramica", "Back to the overview"},
	"scope_all":               {"tutti gli organismi", "all bodies"},
	"suppressed_note":         {"Valori su meno di 3 persone non mostrati.", "Values about fewer than 3 people are not shown."},
	// The open data page (/dati-aperti).
	"opendata":      {"Dati aperti", "Open data"},
	"opendata_lead": {"Ogni tabella di ogni versione dei dati, in Parquet e in CSV, con il suo manifesto, il dizionario dei dati e la licenza.", "Every table of every data version, as Parquet and as CSV, with its manifest, the data dictionary and the licence."},
	"od_licence":    {"Licenza", "Licence"},
	"od_licence_text": {"I dati sono pubblicati con licenza Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0): potete copiarli, ridistribuirli e rielaborarli per qualsiasi fine, anche commerciale, a condizione di citare la fonte, per esempio così:",
		"The data are published under the Creative Commons Attribution 4.0 International licence (CC BY 4.0): you may copy, redistribute and adapt them for any purpose, commercial ones included, provided you credit the source, for instance as follows:"},
	"od_files": {"File per versione dei dati", "Files by data version"},
	"od_files_text": {"Ogni file è calcolato dal database quando lo chiedete e ha gli stessi byte a ogni scaricamento della stessa versione: il manifesto dà le righe, lo SHA-256 di ciascun file (e del CSV dentro lo zip), la versione dei dati e l'SQL che li produce. Lo zip contiene il CSV (RFC 4180) e il suo manifesto. Le tabelle dei record sono come erano a quella versione; gli indicatori sono quelli calcolati su quella versione.",
		"Each file is computed from the database when you ask for it and has the same bytes at every download of the same version: the manifest gives the rows, the SHA-256 of each file (and of the CSV inside the zip), the data version and the SQL that produces them. The zip holds the CSV (RFC 4180) and its manifest. The record tables are as they were at that version; the indicators are those computed from that version."},
	"od_withheld":        {"Non sono pubblicate le righe scartate dai caricamenti (i loro valori possono contenere dati personali), né i token e il registro degli accessi; dei caricamenti manca il percorso del file sul server.", "Not published: the rows the loads rejected (their values may hold personal data), the tokens and the audit log; the loads come without the file's path on the server."},
	"od_csv_zip":         {"CSV (zip)", "CSV (zip)"},
	"od_manifest":        {"Manifesto", "Manifest"},
	"od_snippets":        {"Leggerli con R, Python o DuckDB", "Reading them with R, Python or DuckDB"},
	"od_snippets_text":   {"Gli indirizzi si leggono così come sono; per un'altra tabella o versione cambiate il nome del file o la versione (vN) nell'indirizzo.", "The addresses are read as they are; for another table or version, change the file name or the version (vN) in the address."},
	"od_dictionary":      {"Dizionario dei dati", "Data dictionary"},
	"od_dictionary_text": {"Ogni tabella e colonna con il tipo DuckDB e il significato. Lo stesso dizionario in JSON e in Markdown:", "Every table and column with its DuckDB type and meaning. The same dictionary as JSON and as Markdown:"},
	"od_type":            {"Tipo", "Type"},
	"od_meaning":         {"Significato", "Meaning"},
	"notes":              {"Note", "Notes"},
	"note_author":        {"Autore: identificativo pseudonimo", "Author: pseudonymous id"},
	"note_version":       {"versione dei dati", "data version"},
	"edited":             {"modificata", "edited"},
	"revisions":          {"revisioni", "revisions"},
	"od_none":            {"Nessuna versione dei dati ha ancora indicatori calcolati: non c'è ancora nulla da scaricare.", "No data version has computed indicators yet: there is nothing to download yet."},
	// The guideline pages (/linee-guida).
	"guidelines": {"Linee guida", "Guidelines"},
	"guidelines_lead": {"Le linee guida sul partenariato adottate dagli organismi (le Linee guida dei Laboratori, il Toolkit Pon Metro, protocolli regionali) e come lavorano gli organismi prima e dopo averle adottate.",
		"The partnership guidelines the bodies adopted (the Laboratori's guidelines, the Toolkit Pon Metro, regional protocols) and how the bodies work before and after adopting them."},
	"g_none":     {"Nessuna adozione di linee guida è registrata in questa versione dei dati.", "No guideline adoption is recorded in this data version."},
	"g_id":       {"Linea guida", "Guideline"},
	"g_title":    {"Titolo", "Title"},
	"g_bodies":   {"Organismi che l'hanno adottata", "Bodies that adopted it"},
	"g_first":    {"Prima adozione", "First adoption"},
	"g_last":     {"Ultima adozione", "Latest adoption"},
	"g_adopters": {"Organismi che l'hanno adottata", "Bodies that adopted it"},
	"g_version":  {"Versione", "Version"},
	"g_adopted":  {"Data di adozione", "Adopted on"},
	"g_act":      {"Atto", "Act"},
	"g_source":   {"Fonte", "Source"},
	"g_lead": {"Per ogni organismo che ha adottato la linea guida, dieci indicatori nelle riunioni di una finestra prima e di una finestra dopo la data di adozione, confrontati con gli organismi dello stesso tipo che non l'avevano adottata (il gruppo di confronto). La differenza nelle differenze è la variazione dell'organismo meno quella del gruppo di confronto.",
		"For every body that adopted the guideline, ten indicators over the meetings of a window before and a window after the adoption date, set against the bodies of the same type that had not adopted it (the comparison group). The difference in differences is the body's change minus the comparison group's."},
	"g_not_causal": {"È una descrizione, non una stima causale: gli organismi scelgono quando adottare una linea guida, e ciò che cambia negli stessi mesi (un nuovo ciclo di programmazione, una nuova segreteria) cambia anche i numeri. Leggete ogni differenza con i suoi conteggi, i giorni della finestra e la dimensione del gruppo di confronto.",
		"This is a description, not a causal estimate: bodies choose when to adopt a guideline, and what changes in the same months (a new programming cycle, a new secretariat) changes the numbers too. Read every difference with its counts, the days in the window and the size of the comparison group."},
	"g_window":        {"Finestra (giorni)", "Window (days)"},
	"g_window_help":   {"uno o più valori separati da virgole, da 1 a 3650 (al massimo 4)", "one or more values separated by commas, from 1 to 3650 (at most 4)"},
	"g_window_title":  {"Finestra di %d giorni", "Window of %d days"},
	"g_no_compare":    {"Il confronto si calcola alla data di riferimento della versione pubblicata: non ne è ancora pubblicata nessuna.", "The comparison is computed at the reference date of the published version: none is published yet."},
	"g_adoptions":     {"Adozioni confrontate", "Adoptions compared"},
	"g_before":        {"prima", "before"},
	"g_after":         {"dopo", "after"},
	"g_days_each":     {"%d giorni per finestra", "%d days in each window"},
	"g_comp_group":    {"Gruppo di confronto", "Comparison group"},
	"g_comp_n":        {"%d organismi", "%d bodies"},
	"g_comp_n1":       {"1 organismo", "1 body"},
	"g_comp_n0":       {"nessun organismo", "no body"},
	"g_why_nocomp":    {"nessun organismo di confronto", "no comparison body"},
	"g_comp_rule":     {"organismi di tipo «%s» che non avevano adottato la linea guida entro il %s e con almeno una riunione in ciascuna finestra", "bodies of type «%s» that had not adopted the guideline by %s and held at least one meeting in each window"},
	"g_not_compared":  {"Non confrontate", "Not compared"},
	"g_series_b0":     {"Prima (organismo)", "Before (body)"},
	"g_series_b1":     {"Dopo (organismo)", "After (body)"},
	"g_series_c0":     {"Prima (confronto)", "Before (comparison)"},
	"g_series_c1":     {"Dopo (confronto)", "After (comparison)"},
	"g_n_comp":        {"Organismi di confronto", "Comparison bodies"},
	"g_did":           {"Differenza nelle differenze", "Difference in differences"},
	"g_from_to":       {"%s: da %s a %s (%s); gruppo di confronto (%s): da %s a %s (%s).", "%s: from %s to %s (%s); comparison group (%s): from %s to %s (%s)."},
	"g_did_more":      {"Differenza nelle differenze: %s: la variazione dell'organismo supera di %s quella del gruppo di confronto.", "Difference in differences: %s: the body's change exceeds the comparison group's by %s."},
	"g_did_less":      {"Differenza nelle differenze: %s: la variazione dell'organismo è inferiore di %s a quella del gruppo di confronto.", "Difference in differences: %s: the body's change falls short of the comparison group's by %s."},
	"g_did_same":      {"Differenza nelle differenze: 0: la variazione dell'organismo è uguale a quella del gruppo di confronto.", "Difference in differences: 0: the body's change equals the comparison group's."},
	"g_did_none":      {"Differenza nelle differenze non calcolabile: %s.", "No difference in differences: %s."},
	"g_missing_value": {"manca un valore in una delle quattro finestre", "a value is missing in one of the four windows"},
	"g_mean":          {"Media tra gli organismi che l'hanno adottata (n = %d): %s.", "Mean across the bodies that adopted it (n = %d): %s."},
	"g_mean_none":     {"Media tra gli organismi che l'hanno adottata: non calcolabile (%s).", "Mean across the bodies that adopted it: none (%s)."},
	"g_mean_empty":    {"nessuna differenza calcolabile", "no difference to average"},
	"g_points":        {"punti", "points"},
	"g_wdays":         {"giorni lavorativi", "working days"},
	"g_rows":          {"Valori e conteggi", "Values and counts"},
	// Caveats (guideline.Caveats and the reasons an adoption is not compared).
	"g_cav_open":      {"finestra dopo l'adozione ancora aperta: %d giorni su %d alla data di riferimento", "the window after the adoption is still open: %d days of %d at the reference date"},
	"g_cav_after":     {"adottata dopo la data di riferimento (%s): non ancora confrontabile", "adopted after the reference date (%s): not comparable yet"},
	"g_cav_recent":    {"adozione troppo recente per un confronto: %d giorni alla data di riferimento, ne servono almeno 30", "adopted too recently to compare: %d days at the reference date, at least 30 are needed"},
	"g_cav_nocomp":    {"nessun organismo di confronto: nessuna differenza calcolabile", "no comparison body: no difference can be computed"},
	"g_cav_fewcomp":   {"gruppo di confronto piccolo: una sola riunione di uno dei suoi organismi ne sposta i valori", "small comparison group: a single meeting of one of its bodies moves its values"},
	"g_cav_withheld":  {"valori su meno di 3 persone non mostrati, né la differenza (e la media) che ne dipende", "values about fewer than 3 people are not shown, nor the difference (and the mean) built on them"},
	"g_cav_mean_open": {"la media comprende adozioni la cui finestra dopo è ancora aperta", "the mean includes adoptions whose window after is still open"},
	"g_cav_other":     {"vedere i dati", "see the data"},
}

// T returns the interface word in lang.
func T(lang, key string) string {
	w, ok := ui[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return w[1]
	}
	return w[0]
}

// labels translate stored codes (categories, phases, …) and column names.
var labels = map[string][2]string{
	"institutional": {"Istituzionale", "Institutional"}, "economic_social": {"Economico-sociale", "Economic and social"},
	"civil_society": {"Società civile", "Civil society"}, "environmental": {"Ambientale", "Environmental"},
	"equality_inclusion": {"Parità e inclusione", "Equality and inclusion"}, "research": {"Ricerca", "Research"},
	"programming": {"Programmazione", "Programming"}, "implementation": {"Attuazione", "Implementation"},
	"monitoring": {"Sorveglianza", "Monitoring"}, "evaluation": {"Valutazione", "Evaluation"},
	"needs_analysis": {"Analisi dei fabbisogni", "Needs analysis"}, "priorities": {"Priorità", "Priorities"},
	"allocation": {"Allocazione delle risorse", "Allocation of resources"}, "indicators": {"Indicatori", "Indicators"},
	"horizontal_principles": {"Principi orizzontali", "Horizontal principles"},
	"committee_composition": {"Composizione del comitato", "Committee composition"},
	"monitoring_committee":  {"Comitato di sorveglianza", "Monitoring committee"},
	"partnership_table":     {"Tavolo partenariale", "Partnership table"}, "workshop": {"Officina", "Workshop"},
	"lab": {"Laboratorio", "Lab"}, "working_group": {"Gruppo di lavoro", "Working group"},
	"consultation": {"Consultazione", "Consultation"},
	"accepted":     {"Accolto", "Accepted"}, "partially_accepted": {"Parzialmente accolto", "Partially accepted"},
	"rejected": {"Respinto", "Rejected"}, "not_assessed": {"Non valutato", "Not assessed"}, "pending": {"In attesa", "Pending"},
	"largest_share": {"Quota della componente maggiore", "Largest component's share"},
	"partners":      {"Partner", "Partners"}, "bodies": {"Organismi attivi", "Active bodies"}, "meetings": {"Riunioni", "Meetings"},
	// column names of the dashboard queries
	"anno": {"Anno", "Year"}, "categoria": {"Categoria", "Category"}, "valore": {"Valore", "Value"},
	"numeratore": {"Numeratore", "Numerator"}, "denominatore": {"Denominatore", "Denominator"},
	"organismo": {"Organismo", "Body"}, "partner": {"Partner", "Partners"}, "regione": {"Regione", "Region"},
	"presenza": {"Presenza", "Attendance"}, "quota_organizzazioni": {"Quota di organizzazioni", "Share of organisations"},
	"quota_contributi": {"Quota di contributi", "Share of contributions"}, "organizzazione": {"Organizzazione", "Organisation"},
	"contributi": {"Contributi", "Contributions"}, "accolti": {"Accolti", "Accepted"}, "fase": {"Fase", "Phase"},
	"riunioni": {"Riunioni", "Meetings"}, "tema": {"Tema", "Topic"}, "organismo_a": {"Organismo A", "Body A"},
	"organismo_b": {"Organismo B", "Body B"}, "partner_condivisi": {"Partner condivisi", "Shared partners"},
	"da": {"Da", "From"}, "a": {"A", "To"}, "donne": {"Donne", "Women"}, "persone": {"Persone", "People"},
	"quota_donne": {"Quota di donne", "Women's share"}, "tipo": {"Tipo", "Type"}, "ruolo": {"Ruolo", "Role"},
	"voto": {"Diritto di voto", "Voting"}, "dal": {"Dal", "From"}, "al": {"Al", "To"}, "inviti": {"Inviti", "Invitations"},
	"presenze": {"Presenze", "Presences"}, "tasso_presenza": {"Tasso di presenza", "Attendance rate"},
	"esito": {"Esito", "Outcome"}, "rappresentanti": {"Rappresentanti", "Representatives"}, "con_voto": {"Con voto", "Voting"},
	"ruoli": {"Ruoli", "Roles"}, "giorni_lavorativi": {"Giorni lavorativi", "Working days"},
	"id_organizzazione": {"Codice organizzazione", "Organisation id"}, "id_organismo": {"Codice organismo", "Body id"},
	"id_organismo_a": {"Codice organismo A", "Body A id"}, "id_organismo_b": {"Codice organismo B", "Body B id"},
	"betweenness_normalizzata": {"Betweenness normalizzata", "Normalised betweenness"}, "indicatore": {"Indicatore", "Indicator"},
	"anno_precedente": {"Anno precedente", "Previous year"}, "valore_precedente": {"Valore precedente", "Previous value"}, "nota": {"Nota", "Note"},
	"chair": {"Presidente", "Chair"}, "member": {"Componente", "Member"}, "substitute": {"Supplente", "Substitute"},
	"permanent_guest": {"Invitato permanente", "Permanent guest"}, "observer": {"Osservatore", "Observer"},
	"all": {"Tutto il periodo", "Whole period"}, "rank": {"Posizione", "Rank"}, "componenti": {"Componenti", "Components"},
	"quota_componente_maggiore": {"Quota della componente maggiore", "Largest component's share"},
	"loaded":                    {"Caricato", "Loaded"}, "refused": {"Rifiutato", "Refused"},
	"organisations": {"Organizzazioni", "Organisations"}, "memberships": {"Composizione", "Memberships"},
	"attendance": {"Presenze", "Attendance"}, "contributions": {"Contributi", "Contributions"},
	"guideline_adoptions": {"Adozioni di linee guida", "Guideline adoptions"}, "loads": {"Caricamenti", "Loads"},
	"missing_required": {"Campo obbligatorio mancante", "Missing required field"}, "unknown_enum": {"Valore non previsto", "Unknown value"},
	"bad_date": {"Data non valida", "Bad date"}, "bad_boolean": {"Sì/no non valido", "Bad yes/no value"},
	"bad_number": {"Numero non valido", "Bad number"}, "unknown_reference": {"Riferimento sconosciuto", "Unknown reference"},
	"duplicate_key": {"Chiave duplicata", "Duplicate key"}, "bad_json": {"JSON non valido", "Bad JSON"},
	"bad_format": {"Formato non valido", "Bad format"}, "empty_file": {"File vuoto", "Empty file"},
	"no_header": {"Intestazione mancante", "No header"}, "missing_column": {"Colonna mancante", "Missing column"},
	"bad_encoding": {"Codifica non leggibile", "Unreadable encoding"}, "unknown_kind": {"Tipo di file sconosciuto", "Unknown file kind"},
}

// L translates a stored code or column name; unknown ones pass through.
func L(lang, code string) string {
	w, ok := labels[code]
	if !ok {
		if l, ok := cciLabel(lang, code); ok {
			return l
		}
		return code
	}
	if lang == "en" {
		return w[1]
	}
	return w[0]
}

var printers = map[string]*message.Printer{
	"it": message.NewPrinter(language.Italian),
	"en": message.NewPrinter(language.English),
}

// formatNumber writes a number the locale's way (1.234,5 in Italian).
func formatNumber(lang string, v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	p := printers[lang]
	if p == nil {
		p = printers["it"]
	}
	switch unit {
	case "share":
		return p.Sprintf("%.1f %%", v*100)
	case "count":
		if v == math.Trunc(v) {
			return p.Sprintf("%d", int64(v))
		}
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return p.Sprintf("%d", int64(v))
	}
	s := p.Sprintf("%.3f", v)
	sep := "."
	if lang != "en" {
		sep = ","
	}
	if strings.Contains(s, sep) {
		s = strings.TrimRight(strings.TrimRight(s, "0"), sep)
	}
	return s
}

// cciFunds names the fund letters of a CCI code (RF: ERDF, SF: ESF, M2:
// more than one) in Italian and English.
var cciFunds = map[string][2]string{"RF": {"FESR", "ERDF"}, "SF": {"FSE", "ESF"}, "M2": {"plurifondo", "multi-fund"}}

// cciLabel reads a 2014-2020 operational programme's CCI code (start year,
// IT, region code, fund, OP, number: 2014IT16RFOP004) to readers: its kind,
// fund and cycle, the code kept beside them ("PO FESR 2014-2020
// (2014IT16RFOP004)"). Matched by hand rather than by a regexp: every
// uncached page with a programme filter labels every programme (2,500 in
// the 10 M bench set), and the regexp took 0.7 µs each.
func cciLabel(lang, code string) (string, bool) {
	if len(code) != 15 || code[:2] != "20" || code[4:6] != "IT" || code[10:12] != "OP" ||
		!digits(code[2:4]) || !digits(code[6:8]) || !digits(code[12:]) {
		return "", false
	}
	fund, ok := cciFunds[code[8:10]]
	if !ok {
		return "", false
	}
	start, _ := strconv.Atoi(code[:4])
	cycle := strconv.Itoa(start) + "-" + strconv.Itoa(start+6)
	if lang == "en" {
		return fund[1] + " OP " + cycle + " (" + code + ")", true
	}
	return "PO " + fund[0] + " " + cycle + " (" + code + ")", true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
