package stages

// Organization is a canonical organization: the same one gets the same OrgID
// in every language and every run, because OrgID is derived from the
// canonical key (Type, Level, Place, and a name key where the type needs one).
type Organization struct {
	OrgID     string
	NameEn    string
	Type      string // party_committee, peoples_council, ... (eval/README.md)
	Level     string // central, province, ..., or "" for null
	Place     string // canonical place without diacritics, or ""
	PlaceRule string // which rule decided Place: "text", "article", "source_url", "dateline", ""
}

// OrgMention is one mention of an organization in Article.Body.
type OrgMention struct {
	Org       Organization
	Surface   string // Body[ByteStart:ByteEnd]
	ByteStart int
	ByteEnd   int
}

// Event is something analysts put on a timeline: a conference, a congress, a review.
type Event struct {
	EventID   string // HashID(type, date, organizer, ordinal): one id across articles
	Type      string // conference, congress, meeting, review, ceremony, anniversary, inspection, other
	NameEn    string
	Date      Date
	Ordinal   *int
	TermStart *int
	TermEnd   *int
	OrgID     string
	Surface   string
	ByteStart int
	ByteEnd   int
}

// KPI is a statistic that measures something, tied to who reports it.
type KPI struct {
	KPIID          string
	StatID         string // the statistic it is built on
	Metric         string // canonical English label
	MetricSurface  string // the phrase as written
	Value          float64
	Unit           string
	AchievementPct *float64
	Target         *float64
	Numerator      *float64
	Denominator    *float64
	PeriodStart    Date
	PeriodEnd      Date
	OrgID          string
	Confidence     float64
}
