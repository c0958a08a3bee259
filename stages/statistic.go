package stages

// Kind classifies a number mention. The String values are the `kind` column's
// vocabulary in TABLES.md.
type Kind int

// The kinds of number mention.
const (
	KindCount Kind = iota
	KindMeasure
	KindPercent
	KindRatio
	KindYear
	KindYearRange
	KindDate
	KindTime
	KindOrdinal
	KindDuration
	KindIdentifier
)

var kindNames = [...]string{"count", "measure", "percent", "ratio", "year", "year_range", "date", "time", "ordinal", "duration", "identifier"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// ParseKind returns the Kind named s.
func ParseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), true
		}
	}
	return 0, false
}

// Qualifier is the hedge the text puts on a number ("almost", "more than").
type Qualifier int

// The qualifiers; QualNone is null in the tables.
const (
	QualNone Qualifier = iota
	QualApprox
	QualOver
	QualUnder
	QualAlmost
	QualAtLeast
)

var qualNames = [...]string{"", "approx", "over", "under", "almost", "at_least"}

func (q Qualifier) String() string {
	if q >= 0 && int(q) < len(qualNames) {
		return qualNames[q]
	}
	return ""
}

// ParseQualifier returns the Qualifier named s ("" is QualNone).
func ParseQualifier(s string) (Qualifier, bool) {
	for i, n := range qualNames {
		if n == s {
			return Qualifier(i), true
		}
	}
	return 0, false
}

// Statistic is one number mention in Article.Body. Body[ByteStart:ByteEnd] == Raw.
type Statistic struct {
	StatID    string // HashID(article id, byte start, byte end)
	Seq       int    // 0-based order in the body
	Raw       string
	ByteStart int
	ByteEnd   int
	Kind      Kind
	// Value is the normalized number: 57.5 for 57.5 %, 16 for 16th, the
	// number of Units for a duration, numerator/denominator for a ratio.
	// nil for dates and year ranges, whose value is in Date or RangeStart/End.
	Value       *float64
	Numerator   *float64
	Denominator *float64
	RangeStart  *float64
	RangeEnd    *float64
	Date        Date
	Unit        string // canonical English singular, "" for null
	Qualifier   Qualifier
	Words       bool // written in words
	Sentence    int  // index into Article.Sentences, -1 when outside any
	InCaption   bool // inside a photo caption (see Article.Captions)
}

// Float returns a pointer to v, for the optional fields.
func Float(v float64) *float64 { return &v }
