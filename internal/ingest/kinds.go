package ingest

// The seven record kinds of the data contract, as data: columns with their
// Italian aliases, types, required flags, defaults and enumerations.

type colType int

const (
	tText   colType = iota // free text, trimmed; empty = NULL
	tUpper                 // text folded to upper case (codes such as NUTS, funds)
	tDate                  // YYYY-MM-DD or D/M/YYYY
	tBool                  // the contract's boolean spellings
	tEnum                  // one of enum's values, English or Italian, folded
	tTopics                // '|'-separated list of art. 8 topics
)

type column struct {
	name     string   // English name, as stored
	aliases  []string // Italian (or other) header names
	typ      colType
	required bool
	def      *bool             // default for an empty boolean
	defText  string            // default for an empty text or enumeration
	enum     map[string]string // folded spelling → stored value
}

// ref says that a column must name an accepted row of another table.
type ref struct {
	column, table, target string
}

// Kind is one record kind of the data contract.
type Kind struct {
	Name     string // organisations, bodies, ...
	prefixes []string
	key      []string
	columns  []column
	refs     []ref
	// hasName: name/denominazione is data here; elsewhere it is personal.
	hasName bool
}

var (
	yes = true
	no  = false
)

// enum builds a fold map from pairs of (English, Italian) values.
func enum(pairs ...string) map[string]string {
	m := make(map[string]string, len(pairs))
	for i := 0; i < len(pairs); i += 2 {
		en, it := pairs[i], pairs[i+1]
		m[en], m[it] = en, en // exact spellings skip folding on the hot path
		m[fold(en)] = en
		m[fold(it)] = en
	}
	return m
}

var (
	categories = enum(
		"institutional", "istituzionale",
		"economic_social", "economico_sociale",
		"civil_society", "societa_civile",
		"environmental", "ambientale",
		"equality_inclusion", "parita_inclusione",
		"research", "ricerca")
	levels = enum(
		"eu", "europeo",
		"national", "nazionale",
		"regional", "regionale",
		"local", "locale")
	bodyTypes = enum(
		"monitoring_committee", "comitato_sorveglianza",
		"partnership_table", "tavolo_partenariale",
		"workshop", "officina",
		"lab", "laboratorio",
		"working_group", "gruppo_lavoro",
		"consultation", "consultazione")
	cycles = enum(
		"2014-2020", "2014/2020",
		"2021-2027", "2021/2027")
	roles = enum(
		"chair", "presidente",
		"member", "componente",
		"substitute", "supplente",
		"permanent_guest", "invitato_permanente",
		"observer", "osservatore")
	phases = enum(
		"programming", "programmazione",
		"implementation", "attuazione",
		"monitoring", "sorveglianza",
		"evaluation", "valutazione")
	modes = enum(
		"in_person", "presenza",
		"remote", "remoto",
		"hybrid", "mista",
		"written", "procedura_scritta")
	topics = enum(
		"needs_analysis", "analisi_fabbisogni",
		"priorities", "priorita",
		"allocation", "allocazione_risorse",
		"indicators", "indicatori",
		"horizontal_principles", "principi_orizzontali",
		"committee_composition", "composizione_comitato")
	contributionKinds = enum(
		"written", "scritto",
		"oral", "orale",
		"amendment", "emendamento")
	outcomes = enum(
		"accepted", "accolto",
		"partially_accepted", "parzialmente_accolto",
		"rejected", "respinto",
		"not_assessed", "non_valutato",
		"pending", "in_attesa")
	genders = enum("F", "f", "M", "m", "X", "x")
)

// Shared columns: an alias belongs to its English column in every kind.
var (
	colOrgID     = column{name: "org_id", aliases: []string{"id_organizzazione"}, required: true}
	colBodyID    = column{name: "body_id", aliases: []string{"id_organismo"}, required: true}
	colMeetingID = column{name: "meeting_id", aliases: []string{"id_riunione"}, required: true}
	colPersonID  = column{name: "person_id", aliases: []string{"id_rappresentante"}}
	colGender    = column{name: "gender", aliases: []string{"genere"}, typ: tEnum, enum: genders}
	colNuts      = column{name: "nuts", typ: tUpper}
)

func optional(c column) column { c.required = false; return c }

// Kinds in dependency order: a kind may refer only to kinds before it.
var Kinds = []*Kind{
	{
		Name:     "organisations",
		prefixes: []string{"organizations", "organisations", "organizzazioni", "partner"},
		key:      []string{"org_id"},
		hasName:  true,
		columns: []column{
			{name: "org_id", aliases: []string{"codice_fiscale", "id_organizzazione"}, required: true},
			{name: "name", aliases: []string{"denominazione"}, required: true},
			{name: "category", aliases: []string{"categoria"}, typ: tEnum, enum: categories, required: true},
			{name: "level", aliases: []string{"livello"}, typ: tEnum, enum: levels},
			colNuts,
			{name: "small", aliases: []string{"piccola"}, typ: tBool},
			{name: "legal_form", aliases: []string{"forma_giuridica"}},
		},
	},
	{
		Name:     "bodies",
		prefixes: []string{"bodies", "organismi"},
		key:      []string{"body_id"},
		hasName:  true,
		columns: []column{
			colBodyID,
			{name: "name", aliases: []string{"denominazione"}, required: true},
			{name: "type", aliases: []string{"tipo"}, typ: tEnum, enum: bodyTypes, required: true},
			{name: "programme", aliases: []string{"programma", "program"}},
			{name: "cycle", aliases: []string{"ciclo"}, typ: tEnum, enum: cycles},
			{name: "fund", aliases: []string{"fondo"}, typ: tUpper},
			colNuts,
			{name: "started", aliases: []string{"data_istituzione"}, typ: tDate},
		},
	},
	{
		// Which body adopted which guideline, and when: the date the
		// before/after comparison (internal/guideline) splits on. One row per
		// body and guideline: a later file replaces it (a correction, or a
		// new version adopted).
		Name:     "guideline_adoptions",
		prefixes: []string{"guideline_adoptions", "adozioni_linee_guida", "adozioni"},
		key:      []string{"body_id", "guideline_id"},
		refs:     []ref{{"body_id", "bodies", "body_id"}},
		columns: []column{
			colBodyID,
			{name: "guideline_id", aliases: []string{"id_linea_guida"}, required: true},
			{name: "guideline_version", aliases: []string{"versione"}},
			{name: "title", aliases: []string{"titolo"}},
			{name: "adopted", aliases: []string{"data_adozione"}, typ: tDate, required: true},
			{name: "act", aliases: []string{"atto"}},
			{name: "source", aliases: []string{"fonte"}},
		},
	},
	{
		Name:     "memberships",
		prefixes: []string{"memberships", "composizione", "membri"},
		key:      []string{"body_id", "org_id", "person_id", "start"},
		refs:     []ref{{"body_id", "bodies", "body_id"}, {"org_id", "organisations", "org_id"}},
		columns: []column{
			colBodyID, colOrgID, colPersonID, colGender,
			{name: "role", aliases: []string{"ruolo"}, typ: tEnum, enum: roles},
			{name: "voting", aliases: []string{"diritto_voto"}, typ: tBool, def: &no},
			{name: "start", aliases: []string{"dal"}, typ: tDate, required: true},
			{name: "end", aliases: []string{"al"}, typ: tDate},
		},
	},
	{
		Name:     "meetings",
		prefixes: []string{"meetings", "riunioni", "sedute"},
		key:      []string{"meeting_id"},
		refs:     []ref{{"body_id", "bodies", "body_id"}},
		columns: []column{
			colMeetingID, colBodyID,
			{name: "date", aliases: []string{"data"}, typ: tDate, required: true},
			{name: "phase", aliases: []string{"fase"}, typ: tEnum, enum: phases, required: true},
			{name: "mode", aliases: []string{"modalita"}, typ: tEnum, enum: modes},
			{name: "notice_date", aliases: []string{"data_convocazione"}, typ: tDate},
			{name: "documents_date", aliases: []string{"data_invio_documenti"}, typ: tDate},
			{name: "minutes_published", aliases: []string{"data_pubblicazione_verbale"}, typ: tDate},
			{name: "topics", aliases: []string{"temi"}, typ: tTopics, enum: topics},
		},
	},
	{
		Name:     "attendance",
		prefixes: []string{"attendance", "presenze", "partecipazioni"},
		key:      []string{"meeting_id", "org_id", "person_id"},
		refs:     []ref{{"meeting_id", "meetings", "meeting_id"}, {"org_id", "organisations", "org_id"}},
		columns: []column{
			colMeetingID, colOrgID, colPersonID, colGender,
			{name: "invited", aliases: []string{"invitato"}, typ: tBool, def: &yes},
			{name: "present", aliases: []string{"presente"}, typ: tBool, required: true},
			{name: "delegated", aliases: []string{"delega"}, typ: tBool, def: &no},
		},
	},
	{
		Name:     "contributions",
		prefixes: []string{"contributions", "contributi"},
		key:      []string{"contribution_id"},
		refs: []ref{{"org_id", "organisations", "org_id"}, {"meeting_id", "meetings", "meeting_id"},
			{"body_id", "bodies", "body_id"}},
		columns: []column{
			{name: "contribution_id", aliases: []string{"id_contributo"}, required: true},
			colOrgID,
			optional(colMeetingID),
			optional(colBodyID), // required when meeting_id is empty: checked per row
			{name: "submitted", aliases: []string{"data_invio"}, typ: tDate, required: true},
			{name: "kind", aliases: []string{"tipo"}, typ: tEnum, enum: contributionKinds},
			{name: "response_date", aliases: []string{"data_riscontro"}, typ: tDate},
			{name: "outcome", aliases: []string{"esito"}, typ: tEnum, enum: outcomes, defText: "pending"},
		},
	},
}

// KindByName returns the kind called name, or nil.
func KindByName(name string) *Kind {
	for _, k := range Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// Order is the kind's position in dependency order.
func (k *Kind) Order() int {
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return len(Kinds)
}
