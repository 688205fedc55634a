package generate

// Reference tables: enumerations in the contract's English values, and the
// weights that make the synthetic data look like Italian cohesion policy.

const (
	catInstitutional = iota
	catEconomicSocial
	catCivilSociety
	catEnvironmental
	catEquality
	catResearch
	nCategories
)

var categories = [nCategories]string{"institutional", "economic_social", "civil_society", "environmental", "equality_inclusion", "research"}

// categoryIT is the Italian label used in synthetic names.
var categoryIT = [nCategories]string{"istituzionale", "economico-sociale", "società civile", "ambientale", "parità e inclusione", "ricerca"}

var categoryWeights = [nCategories]float64{30, 25, 20, 8, 7, 10}

const (
	levelEU = iota
	levelNational
	levelRegional
	levelLocal
	nLevels
)

var levels = [nLevels]string{"eu", "national", "regional", "local"}

// levelWeights[category][level]
var levelWeights = [nCategories][nLevels]float64{
	{1, 14, 30, 55},
	{2, 33, 45, 20},
	{2, 18, 35, 45},
	{3, 27, 40, 30},
	{2, 33, 40, 25},
	{3, 22, 55, 20},
}

// smallProb[category][level]: probability that an organisation is small
// (eligible for capacity support). Overall about 35 %.
var smallProb = [nCategories][nLevels]float64{
	{0, 0.02, 0.02, 0.55},
	{0.05, 0.10, 0.25, 0.45},
	{0.10, 0.30, 0.60, 0.80},
	{0.10, 0.30, 0.55, 0.70},
	{0.10, 0.30, 0.55, 0.70},
	{0.02, 0.05, 0.15, 0.30},
}

// presenceBase[category]: probability that an invited organisation attends.
// Small organisations attend less (× smallPresence): a small civil-society
// organisation attends about half the meetings, an institution about 90 %.
var presenceBase = [nCategories]float64{0.93, 0.78, 0.61, 0.67, 0.65, 0.73}

const smallPresence = 0.85

// contribMult[category]: propensity to submit contributions.
// contribRate is the mean number of contributions of an organisation of
// propensity 1 per meeting it attends; absentContrib scales it for the
// meetings it misses (written contributions only).
const (
	contribRate   = 0.1
	absentContrib = 0.1
)

var contribMult = [nCategories]float64{0.5, 1.3, 1.2, 1.5, 1.2, 1.0}

var legalForms = [nCategories][]string{
	{"Comune", "Unione di comuni", "Provincia", "Città metropolitana", "Regione", "Agenzia regionale", "Ministero", "Agenzia nazionale"},
	{"Associazione di categoria", "Organizzazione sindacale", "Camera di commercio", "Consorzio", "Ordine professionale"},
	{"Associazione di promozione sociale", "Organizzazione di volontariato", "Cooperativa sociale", "Fondazione", "Impresa sociale", "Rete associativa"},
	{"Associazione ambientalista", "Fondazione", "Comitato", "Associazione di promozione sociale"},
	{"Associazione", "Consulta per le pari opportunità", "Organizzazione di volontariato", "Cooperativa sociale"},
	{"Università", "Ente pubblico di ricerca", "Centro di ricerca", "Fondazione di ricerca"},
}

type region struct {
	code  string
	pop   float64 // millions of inhabitants, approximate
	nuts3 []string
}

// regions are the 21 Italian NUTS 2 regions with their NUTS 3 codes (2021).
var regions = []region{
	{"ITC1", 4.25, []string{"ITC11", "ITC12", "ITC13", "ITC14", "ITC15", "ITC16", "ITC17", "ITC18"}},
	{"ITC2", 0.12, []string{"ITC20"}},
	{"ITC3", 1.51, []string{"ITC31", "ITC32", "ITC33", "ITC34"}},
	{"ITC4", 9.98, []string{"ITC41", "ITC42", "ITC43", "ITC44", "ITC46", "ITC47", "ITC48", "ITC49", "ITC4A", "ITC4B", "ITC4C", "ITC4D"}},
	{"ITF1", 1.27, []string{"ITF11", "ITF12", "ITF13", "ITF14"}},
	{"ITF2", 0.29, []string{"ITF21", "ITF22"}},
	{"ITF3", 5.61, []string{"ITF31", "ITF32", "ITF33", "ITF34", "ITF35"}},
	{"ITF4", 3.91, []string{"ITF43", "ITF44", "ITF45", "ITF46", "ITF47", "ITF48"}},
	{"ITF5", 0.54, []string{"ITF51", "ITF52"}},
	{"ITF6", 1.85, []string{"ITF61", "ITF62", "ITF63", "ITF64", "ITF65"}},
	{"ITG1", 4.81, []string{"ITG11", "ITG12", "ITG13", "ITG14", "ITG15", "ITG16", "ITG17", "ITG18", "ITG19"}},
	{"ITG2", 1.58, []string{"ITG2D", "ITG2E", "ITG2F", "ITG2G", "ITG2H"}},
	{"ITH1", 0.53, []string{"ITH10"}},
	{"ITH2", 0.54, []string{"ITH20"}},
	{"ITH3", 4.85, []string{"ITH31", "ITH32", "ITH33", "ITH34", "ITH35", "ITH36", "ITH37"}},
	{"ITH4", 1.19, []string{"ITH41", "ITH42", "ITH43", "ITH44"}},
	{"ITH5", 4.43, []string{"ITH51", "ITH52", "ITH53", "ITH54", "ITH55", "ITH56", "ITH57", "ITH58", "ITH59"}},
	{"ITI1", 3.66, []string{"ITI11", "ITI12", "ITI13", "ITI14", "ITI15", "ITI16", "ITI17", "ITI18", "ITI19", "ITI1A"}},
	{"ITI2", 0.86, []string{"ITI21", "ITI22"}},
	{"ITI3", 1.49, []string{"ITI31", "ITI32", "ITI33", "ITI34", "ITI35"}},
	{"ITI4", 5.72, []string{"ITI41", "ITI42", "ITI43", "ITI44", "ITI45"}},
}

const regionLazio = 20 // ITI4, seat of most national organisations

const (
	btMonitoring = iota
	btTable
	btWorkshop
	btLab
	btWorkingGroup
	btConsultation
	nBodyTypes
)

var bodyTypes = [nBodyTypes]string{"monitoring_committee", "partnership_table", "workshop", "lab", "working_group", "consultation"}

var bodyTypeIT = [nBodyTypes]string{"Comitato di sorveglianza", "Tavolo partenariale", "Officina", "Laboratorio", "Gruppo di lavoro", "Consultazione"}

// bodyTypeWeights for the bodies that are not a programme's monitoring committee.
var bodyTypeWeights = [nBodyTypes]float64{0, 25, 20, 15, 25, 15}

// sizeMult scales the number of member organisations by body type.
var sizeMult = [nBodyTypes]float64{1.35, 1.1, 0.8, 0.65, 0.65, 1.2}

// meetingsPerYear[type] = {min, max} meetings in a full year.
var meetingsPerYear = [nBodyTypes][2]int{{4, 6}, {5, 9}, {4, 8}, {6, 10}, {6, 10}, {4, 6}}

// affinity[type][category]: how likely a body of a type seats an
// organisation of a category (relative, max affinityMax).
var affinity = [nBodyTypes][nCategories]float64{
	{1.6, 1.2, 0.9, 0.9, 0.9, 0.8},
	{1.0, 1.1, 1.1, 1.0, 1.0, 1.0},
	{0.7, 1.0, 1.4, 1.3, 1.3, 1.2},
	{0.6, 0.9, 1.4, 1.2, 1.2, 1.6},
	{1.2, 1.1, 0.9, 1.0, 1.0, 1.1},
	{0.6, 1.2, 1.5, 1.4, 1.4, 1.0},
}

const affinityMax = 1.6

// orgLevelProb[type]: probability that a body keeps its attendance register per
// organisation (no person_id) rather than per representative.
var orgLevelProb = [nBodyTypes]float64{0.02, 0.08, 0.2, 0.15, 0.08, 0.3}

const (
	phProgramming = iota
	phImplementation
	phMonitoring
	phEvaluation
	nPhases
)

var phases = [nPhases]string{"programming", "implementation", "monitoring", "evaluation"}

const (
	mdInPerson = iota
	mdRemote
	mdHybrid
	mdWritten
	nModes
)

var modes = [nModes]string{"in_person", "remote", "hybrid", "written"}

var topics = [6]string{"needs_analysis", "priorities", "allocation", "indicators", "horizontal_principles", "committee_composition"}

// topicWeights[phase][topic]
var topicWeights = [nPhases][6]float64{
	{3, 3, 2.5, 0.8, 1, 0.3},
	{0.6, 1, 1.5, 2, 1.5, 0.3},
	{0.4, 0.8, 1.2, 3, 2, 0.4},
	{1.5, 1, 0.8, 2.5, 1.5, 0.2},
}

const (
	roleChair = iota
	roleMember
	roleSubstitute
	roleGuest
	roleObserver
)

var roles = [...]string{"chair", "member", "substitute", "permanent_guest", "observer"}

var kinds = [...]string{"written", "oral", "amendment"}

var outcomes = [...]string{"accepted", "partially_accepted", "rejected", "not_assessed", "pending"}

// Gender codes; gEmpty = unknown.
const (
	gEmpty = iota
	gF
	gM
	gX
)

var genders = [...]string{"", "F", "M", "X"}
