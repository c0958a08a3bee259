package kpis

import (
	"sort"

	"github.com/statharvest/statharvest/stages"
)

// orgIndex finds the organization that reports a figure.
type orgIndex struct {
	ms   []orgAt // sorted by ByteStart, with an OrgID
	main string  // the most mentioned organization, first on ties
}

// orgAt is the part of a mention the index reads.
type orgAt struct {
	ByteStart int
	OrgID     string
}

func newOrgIndex(ms []stages.OrgMention) orgIndex {
	var x orgIndex
	if len(ms) == 0 {
		return x
	}
	x.ms = make([]orgAt, 0, len(ms))
	counts := make(map[string]int, len(ms))
	best := 0
	for i := range ms {
		m := &ms[i]
		if m.Org.OrgID == "" {
			continue
		}
		x.ms = append(x.ms, orgAt{m.ByteStart, m.Org.OrgID})
		counts[m.Org.OrgID]++
		if counts[m.Org.OrgID] > best {
			best, x.main = counts[m.Org.OrgID], m.Org.OrgID
		}
	}
	sort.SliceStable(x.ms, func(i, j int) bool { return x.ms[i].ByteStart < x.ms[j].ByteStart })
	return x
}

// near returns the organization mentioned nearest before off in the sentence
// sp (the subject usually precedes the figure), else the nearest after it in
// the sentence, else the nearest before it in its paragraph para, else the
// article's main organization.
func (x orgIndex) near(off int, sp, para stages.Span) string {
	i := sort.Search(len(x.ms), func(i int) bool { return x.ms[i].ByteStart >= off })
	switch {
	case i > 0 && x.ms[i-1].ByteStart >= sp.Start:
		return x.ms[i-1].OrgID
	case i < len(x.ms) && x.ms[i].ByteStart < sp.End:
		return x.ms[i].OrgID
	case i > 0 && x.ms[i-1].ByteStart >= para.Start:
		return x.ms[i-1].OrgID
	}
	return x.main
}
