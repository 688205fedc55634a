package datadict

// Text is a description in Italian and English.
type Text struct{ IT, EN string }

// tables describes each research table. The *_history tables are
// described from their record table (see history).
var tables = map[string]Text{
	"organisations": {"Organizzazioni partner (una riga per organizzazione, l'ultima versione caricata).",
		"Partner organisations (one row per organisation, the latest version loaded)."},
	"bodies": {"Organismi di partenariato: comitati di sorveglianza, tavoli, laboratori, gruppi di lavoro, consultazioni.",
		"Partnership bodies: monitoring committees, tables, labs, working groups, consultations."},
	"memberships": {"Composizione: chi siede in quale organismo, con quale ruolo, da quando e fino a quando.",
		"Composition: who sits on which body, in which role, from when and until when."},
	"meetings": {"Riunioni degli organismi, con fase, modalità, date di convocazione, documenti e verbale, temi.",
		"Meetings of the bodies, with phase, mode, dates of notice, documents and minutes, topics."},
	"attendance": {"Presenze: una riga per rappresentante di un'organizzazione a una riunione (invitato, presente, con delega).",
		"Attendance: one row per representative of an organisation at a meeting (invited, present, delegated)."},
	"contributions": {"Contributi delle organizzazioni (scritti, orali, emendamenti) e il loro esito.",
		"Contributions of the organisations (written, oral, amendments) and their outcome."},
	"guideline_adoptions": {"Adozioni di linee guida: quale organismo ha adottato quale linea guida (versione) e in che giorno.",
		"Guideline adoptions: which body adopted which guideline (version) on which day."},
	"loads": {"Registro dei caricamenti: un file offerto al caricatore per riga, caricato o rifiutato.",
		"The load log: one row per file offered to the loader, loaded or refused."},
	"data_versions": {"Versioni dei dati: una per caricamento riuscito.",
		"Data versions: one per successful load."},
	"indicator_values": {"Valori degli indicatori di ogni fotografia calcolata (versione dei dati e data di riferimento), per ambito, periodo e categoria.",
		"Indicator values of every computed snapshot (data version and reference date), by scope, period and category."},
	"indicator_brokers": {"N03: le 10 organizzazioni con la maggiore intermediazione (betweenness) per ambito e periodo.",
		"N03: the 10 organisations with the highest betweenness per scope and period."},
	"indicator_runs": {"Un calcolo degli indicatori per riga, con i tempi.",
		"One indicator refresh per row, with its timings."},
	"indicator_published": {"Fotografie pubblicate: l'ultima riga è quella che mostrano le pagine.",
		"Published snapshots: the newest row is the one pages show."},
	"indicator_catalogue": {"Nomi degli indicatori (dai file di queries/indicators), riscritti a ogni calcolo.",
		"Indicator names (from the files of queries/indicators), rewritten by every refresh."},
	"calendar_it": {"Calendario dei giorni lavorativi italiani, 1950-2149 (lunedì-venerdì meno le festività nazionali).",
		"The Italian working-day calendar, 1950-2149 (Monday to Friday minus the national holidays)."},
}

// provenance columns end every record table.
var provenance = map[string]Text{
	"data_version": {"Versione dei dati che ha scritto la riga.", "The data version that wrote the row."},
	"load_id":      {"Caricamento da cui viene la riga (loads.load_id).", "The load the row came from (loads.load_id)."},
	"line": {"Riga del file d'origine (CSV e JSON Lines: riga fisica, intestazione = 1; XLSX: riga del foglio; Parquet: numero di riga).",
		"Line of the source file (CSV and JSON Lines: physical line, header = 1; XLSX: sheet row; Parquet: row number)."},
}

var (
	orgID     = Text{"Identificativo dell'organizzazione (organisations.org_id).", "Organisation identifier (organisations.org_id)."}
	bodyID    = Text{"Identificativo dell'organismo (bodies.body_id).", "Body identifier (bodies.body_id)."}
	meetingID = Text{"Identificativo della riunione (meetings.meeting_id).", "Meeting identifier (meetings.meeting_id)."}
	personID  = Text{"Codice pseudonimo del rappresentante (mai nomi): lo stesso codice è la stessa persona.",
		"Pseudonymous code of the representative (never a name): the same code is the same person."}
	gender = Text{"Genere: F, M o X; vuoto se non noto.", "Gender: F, M or X; empty when unknown."}
	nuts   = Text{"Codice NUTS (maiuscolo; vuoto se nessuno).", "NUTS code (upper case; empty when none)."}
	dv     = Text{"Versione dei dati.", "Data version."}
	asOf   = Text{"Data di riferimento della fotografia (la data di composizione per il periodo all).",
		"Reference date of the snapshot (the composition date for the period all)."}
	scope = Text{"Ambito: all, body:<id>, body_type:<tipo>, programme:<codice>, cycle:<ciclo>, nuts:<NUTS 2>.",
		"Scope: all, body:<id>, body_type:<type>, programme:<code>, cycle:<cycle>, nuts:<NUTS 2>."}
	period = Text{"Periodo: un anno (YYYY) o all.", "Period: a year (YYYY) or all."}
)

// columns describes each column of each research table but the history
// tables and the provenance columns.
var columns = map[string]map[string]Text{
	"organisations": {
		"org_id": {"Identificativo dell'organizzazione, come nel file (può essere il codice fiscale dell'ente).",
			"Organisation identifier, as in the file (may be the organisation's tax code)."},
		"name": {"Denominazione.", "Name."},
		"category": {"Categoria del Codice europeo di condotta: institutional, economic_social, civil_society, environmental, equality_inclusion, research.",
			"Category of the European Code of Conduct: institutional, economic_social, civil_society, environmental, equality_inclusion, research."},
		"level":      {"Livello: eu, national, regional, local.", "Level: eu, national, regional, local."},
		"nuts":       nuts,
		"small":      {"Piccola organizzazione (vuoto se non indicato).", "Small organisation (empty when not given)."},
		"legal_form": {"Forma giuridica (testo libero).", "Legal form (free text)."},
	},
	"bodies": {
		"body_id": {"Identificativo dell'organismo.", "Body identifier."},
		"name":    {"Denominazione.", "Name."},
		"type": {"Tipo: monitoring_committee, partnership_table, workshop, lab, working_group, consultation.",
			"Type: monitoring_committee, partnership_table, workshop, lab, working_group, consultation."},
		"programme": {"Codice del programma (es. CCI 2014IT05M2OP002).", "Programme code (e.g. CCI 2014IT05M2OP002)."},
		"cycle":     {"Ciclo di programmazione: 2014-2020 o 2021-2027.", "Programming cycle: 2014-2020 or 2021-2027."},
		"fund":      {"Fondo o fondi (maiuscolo, es. FESR, FSE).", "Fund or funds (upper case, e.g. FESR, FSE)."},
		"nuts":      nuts,
		"started":   {"Data di istituzione.", "Date the body was set up."},
	},
	"memberships": {
		"body_id":   bodyID,
		"org_id":    orgID,
		"person_id": personID,
		"gender":    gender,
		"role":      {"Ruolo: chair, member, substitute, permanent_guest, observer.", "Role: chair, member, substitute, permanent_guest, observer."},
		"voting":    {"Diritto di voto (falso se non indicato).", "Voting right (false when not given)."},
		"start":     {"Inizio dell'incarico.", "Start of the membership."},
		"end":       {"Fine dell'incarico (vuoto: in carica).", "End of the membership (empty: in office)."},
	},
	"meetings": {
		"meeting_id":        {"Identificativo della riunione.", "Meeting identifier."},
		"body_id":           bodyID,
		"date":              {"Data della riunione.", "Date of the meeting."},
		"phase":             {"Fase: programming, implementation, monitoring, evaluation.", "Phase: programming, implementation, monitoring, evaluation."},
		"mode":              {"Modalità: in_person, remote, hybrid, written.", "Mode: in_person, remote, hybrid, written."},
		"notice_date":       {"Data della convocazione.", "Date of the notice."},
		"documents_date":    {"Data d'invio dei documenti.", "Date the documents were sent."},
		"minutes_published": {"Data di pubblicazione del verbale.", "Date the minutes were published."},
		"topics": {"Temi (art. 8) trattati, come lista: needs_analysis, priorities, allocation, indicators, horizontal_principles, committee_composition.",
			"Topics (art. 8) discussed, as a list: needs_analysis, priorities, allocation, indicators, horizontal_principles, committee_composition."},
	},
	"attendance": {
		"meeting_id": meetingID,
		"org_id":     orgID,
		"person_id":  personID,
		"gender":     gender,
		"invited":    {"Invitato (vero se non indicato).", "Invited (true when not given)."},
		"present":    {"Presente di persona.", "Present in person."},
		"delegated":  {"Presente tramite delega (falso se non indicato).", "Present by proxy (false when not given)."},
	},
	"contributions": {
		"contribution_id": {"Identificativo del contributo.", "Contribution identifier."},
		"org_id":          orgID,
		"meeting_id":      {"Riunione a cui si riferisce (vuoto se nessuna).", "Meeting it refers to (empty when none)."},
		"body_id":         {"Organismo a cui è rivolto (obbligatorio senza riunione).", "Body it is addressed to (required without a meeting)."},
		"submitted":       {"Data d'invio.", "Date submitted."},
		"kind":            {"Tipo: written, oral, amendment.", "Kind: written, oral, amendment."},
		"response_date":   {"Data del riscontro (vuoto: nessuno).", "Date of the response (empty: none)."},
		"outcome": {"Esito: accepted, partially_accepted, rejected, not_assessed, pending (vuoto nel file = pending).",
			"Outcome: accepted, partially_accepted, rejected, not_assessed, pending (empty in the file = pending)."},
	},
	"guideline_adoptions": {
		"body_id":           bodyID,
		"guideline_id":      {"Identificativo della linea guida.", "Guideline identifier."},
		"guideline_version": {"Versione della linea guida adottata.", "Version of the guideline adopted."},
		"title":             {"Titolo della linea guida.", "Title of the guideline."},
		"adopted":           {"Data di adozione (il confronto prima/dopo divide qui).", "Date adopted (the before/after comparison splits here)."},
		"act":               {"Atto di adozione (es. delibera, verbale).", "Act of adoption (e.g. a resolution, the minutes)."},
		"source":            {"Fonte dell'informazione.", "Source of the information."},
	},
	"loads": {
		"load_id":         {"Identificativo del caricamento.", "Load identifier."},
		"file":            {"Nome del file (senza cartella).", "File name (without folder)."},
		"path":            {"Percorso da cui è stato letto.", "Path it was read from."},
		"size":            {"Dimensione in byte.", "Size in bytes."},
		"sha256":          {"SHA-256 del file.", "SHA-256 of the file."},
		"kind":            {"Tipo di record riconosciuto (organisations, bodies, …).", "Record kind recognised (organisations, bodies, …)."},
		"format":          {"Formato: csv, jsonl, parquet, xlsx.", "Format: csv, jsonl, parquet, xlsx."},
		"encoding":        {"Codifica dei caratteri riconosciuta (CSV).", "Character encoding detected (CSV)."},
		"rows_read":       {"Righe lette.", "Rows read."},
		"rows_loaded":     {"Righe caricate.", "Rows loaded."},
		"rows_rejected":   {"Righe scartate (i motivi sono in rejects, per gli amministratori).", "Rows rejected (the reasons are in rejects, for administrators)."},
		"started":         {"Inizio del caricamento.", "When the load started."},
		"finished":        {"Fine del caricamento.", "When the load finished."},
		"outcome":         {"Esito: loaded o refused.", "Outcome: loaded or refused."},
		"reason":          {"Codice del motivo del rifiuto (es. bad_format).", "Refusal reason code (e.g. bad_format)."},
		"message":         {"Spiegazione leggibile.", "Readable explanation."},
		"dropped_columns": {"Colonne personali mai lette (nomi, e-mail, …).", "Personal columns never read (names, e-mails, …)."},
		"ignored_columns": {"Colonne sconosciute ignorate.", "Unknown columns ignored."},
		"source":          {"Provenienza: cli, inbox, upload, api (adozioni inviate all'API), sample, url:<nome>.", "Source: cli, inbox, upload, api (adoptions posted to the API), sample, url:<name>."},
		"data_version":    {"Versione dei dati prodotta (vuoto se rifiutato).", "Data version produced (empty when refused)."},
	},
	"data_versions": {
		"version": {"Numero di versione.", "Version number."},
		"load_id": {"Caricamento che l'ha prodotta.", "The load that produced it."},
		"created": {"Quando è stata creata.", "When it was created."},
	},
	"indicator_values": {
		"indicator": {"Identificativo dell'indicatore (C01…E04; nomi in indicator_catalogue).", "Indicator id (C01…E04; names in indicator_catalogue)."},
		"scope":     scope,
		"period":    period,
		"category": {"Categoria ('' se l'indicatore non ne ha; C01 e P09: le sei categorie; N05: '' e largest_share).",
			"Category ('' when the indicator has none; C01 and P09: the six categories; N05: '' and largest_share)."},
		"value":        {"Valore (vuoto se non definito: denominatore nullo).", "Value (empty when undefined: zero denominator)."},
		"numerator":    {"Numeratore.", "Numerator."},
		"denominator":  {"Denominatore.", "Denominator."},
		"data_version": {"Versione dei dati da cui è calcolato.", "Data version it was computed from."},
		"as_of":        asOf,
		"computed_at":  {"Quando è stato calcolato.", "When it was computed."},
		"estimate": {"Vero se il valore è una stima campionaria (N03 sopra i limiti del calcolo esatto).",
			"True when the value is a sampling estimate (N03 above the limits of the exact computation)."},
		"error_bound": {"Per una stima: errore massimo (±, sul valore) per ogni organizzazione, con probabilità 0,9; vuoto se esatto.",
			"For an estimate: the largest error (±, on the value) for every organisation, with probability 0.9; empty when exact."},
		"carried": {"Vero se il valore è copiato dall'istantanea di base perché i suoi dati non sono cambiati (calcolo incrementale; computed_at resta quello del calcolo originale).",
			"True when the value was copied from the base snapshot because its records did not change (incremental refresh; computed_at stays that of the original computation)."},
	},
	"indicator_brokers": {
		"data_version": dv,
		"as_of":        asOf,
		"scope":        scope,
		"period":       period,
		"rank":         {"Posizione (1 = la maggiore; a pari merito per org_id).", "Rank (1 = highest; ties by org_id)."},
		"org_id":       orgID,
		"betweenness":  {"Betweenness grezza (ogni coppia di altre organizzazioni contata una volta).", "Raw betweenness (each pair of other organisations counted once)."},
		"normalised":   {"Betweenness / ((N-1)(N-2)/2).", "Betweenness / ((N-1)(N-2)/2)."},
		"estimate": {"Vero se i valori sono una stima campionaria (reti sopra i limiti del calcolo esatto).",
			"True when the values are a sampling estimate (networks above the limits of the exact computation)."},
		"error_bound": {"Per una stima: errore massimo (±) su normalised, per ogni organizzazione, con probabilità 0,9; vuoto se esatto.",
			"For an estimate: the largest error (±) on normalised, for every organisation, with probability 0.9; empty when exact."},
		"sample_paths": {"Per una stima: i cammini minimi campionati; vuoto se esatto.", "For an estimate: the shortest paths sampled; empty when exact."},
		"carried": {"Vero se il valore è copiato dall'istantanea di base perché i suoi dati non sono cambiati (calcolo incrementale; computed_at resta quello del calcolo originale).",
			"True when the value was copied from the base snapshot because its records did not change (incremental refresh; computed_at stays that of the original computation)."},
	},
	"indicator_runs": {
		"data_version": dv,
		"as_of":        asOf,
		"started":      {"Inizio del calcolo.", "When the refresh started."},
		"finished":     {"Fine del calcolo.", "When the refresh finished."},
		"sql_ms":       {"Millisecondi in DuckDB.", "Milliseconds in DuckDB."},
		"network_ms":   {"Millisecondi del calcolo di rete (Go).", "Milliseconds of the network step (Go)."},
		"rows":         {"Valori scritti.", "Values written."},
		"mode": {"full (ogni cella ricalcolata) o incremental (solo le celle i cui dati sono cambiati).",
			"full (every cell recomputed) or incremental (only the cells whose records changed)."},
		"base_version":   {"Calcolo incrementale: versione dei dati dell'istantanea di base.", "Incremental refresh: the base snapshot's data version."},
		"base_as_of":     {"Calcolo incrementale: data di riferimento dell'istantanea di base.", "Incremental refresh: the base snapshot's reference date."},
		"cells_computed": {"Celle (ambito × periodo) calcolate.", "Cells (scope × period) computed."},
		"cells_carried":  {"Celle (ambito × periodo) copiate dalla base.", "Cells (scope × period) copied from the base."},
		"compute_sha": {"SHA-256 dei file degli indicatori e del programma che ha calcolato l'istantanea.",
			"SHA-256 of the indicator files and of the program that computed the snapshot."},
	},
	"indicator_published": {
		"data_version": dv,
		"as_of":        asOf,
		"published_at": {"Quando è stata pubblicata.", "When it was published."},
	},
	"indicator_catalogue": {
		"indicator":        {"Identificativo dell'indicatore.", "Indicator id."},
		"name_it":          {"Nome italiano.", "Italian name."},
		"name_en":          {"Nome inglese.", "English name."},
		"family":           {"Famiglia: composition, participation, process, network, equality.", "Family: composition, participation, process, network, equality."},
		"unit":             {"Unità: count, share, index, days, ratio.", "Unit: count, share, index, days, ratio."},
		"higher_is_better": {"Se un valore più alto è migliore: true, false o none.", "Whether a higher value is better: true, false or none."},
	},
	"calendar_it": {
		"d":          {"Giorno.", "Day."},
		"working":    {"Giorno lavorativo.", "Working day."},
		"holiday":    {"Festività nazionale (nome inglese, es. christmas) o vuoto.", "National holiday (English name, e.g. christmas) or empty."},
		"cum":        {"Giorni lavorativi fino al giorno incluso, dal 1° gennaio 1950.", "Working days up to and including the day, from 1 January 1950."},
		"cum_before": {"Giorni lavorativi prima del giorno.", "Working days before the day."},
	},
}

// recordTables have provenance columns and a history table.
var recordTables = []string{"organisations", "bodies", "memberships", "meetings", "attendance", "contributions", "guideline_adoptions"}

var replacedIn = Text{"Versione dei dati che ha sostituito la riga: valeva per le versioni da data_version a replaced_in - 1.",
	"The data version that replaced the row: it held for versions data_version to replaced_in - 1."}

// describe returns the description of a table and of its column; ok is
// false when there is none.
func describe(table, column string) (Text, bool) {
	for _, r := range recordTables {
		if table == r+"_history" {
			if column == "replaced_in" {
				return replacedIn, true
			}
			table = r
		}
		if table == r {
			if t, ok := provenance[column]; ok {
				return t, true
			}
		}
	}
	t, ok := columns[table][column]
	return t, ok
}

func describeTable(table string) (Text, bool) {
	for _, r := range recordTables {
		if table == r+"_history" {
			return Text{"Righe di " + r + " sostituite da un caricamento successivo: con " + r + " ricostruiscono ogni versione passata (" + r + "_at(v)).",
				"Rows of " + r + " a later load replaced: with " + r + " they rebuild any past version (" + r + "_at(v))."}, true
		}
	}
	t, ok := tables[table]
	return t, ok
}
