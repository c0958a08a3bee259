package stages

import "fmt"

// Reason is the closed set of reasons an input becomes a rejects row.
type Reason string

// The reject reasons. Tests assert on these, never on Detail.
const (
	ReasonEmpty       Reason = "empty"
	ReasonBinary      Reason = "binary"
	ReasonInvalidUTF8 Reason = "invalid_utf8"
	ReasonUndecodable Reason = "undecodable"
	ReasonUnreadable  Reason = "unreadable"
	ReasonTooLarge    Reason = "too_large"
	ReasonLineTooLong Reason = "line_too_long"
	ReasonTimeout     Reason = "timeout"
	ReasonBadRecord   Reason = "bad_record"
	ReasonNoBody      Reason = "no_body"
	ReasonDuplicate   Reason = "duplicate"
	ReasonPanic       Reason = "panic"
)

// Reject is an error a stage returns for content it cannot turn into an
// article. It is not a failure of the run: the pipeline routes the article to
// the rejects table and carries on.
type Reject struct {
	Stage  string // filled by the pipeline
	Reason Reason
	Detail string // for humans; includes a position where there is one
}

func (r *Reject) Error() string {
	if r.Detail == "" {
		return fmt.Sprintf("%s: %s", r.Stage, r.Reason)
	}
	return fmt.Sprintf("%s: %s: %s", r.Stage, r.Reason, r.Detail)
}
