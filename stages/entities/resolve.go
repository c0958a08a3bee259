package entities

import (
	"slices"
	"strings"
	"unicode"

	"github.com/statharvest/statharvest/stages"
)

// phrases cuts the token stream into phrases and resolves each.
func (r *reader) phrases() {
	var cur []int
	gap, caps := 0, 0
	flush := func() {
		if len(cur) > 0 {
			r.phrase(cur)
		}
		cur = cur[:0]
		gap, caps = 0, 0
	}
	lastLevel := func() bool {
		if len(cur) == 0 {
			return false
		}
		e := r.entry(r.toks[cur[len(cur)-1]])
		return e != nil && e.kind == kLevel
	}
	nextLevel := func(i int) bool {
		for j := i + 1; j < len(r.toks); j++ {
			switch r.toks[j].kind {
			case tGone, tOpen, tClose:
				continue
			case tItem:
				e := r.entry(r.toks[j])
				return e != nil && e.kind == kLevel
			}
			return false
		}
		return false
	}
	coord := false
	for i := range r.toks {
		tk := r.toks[i]
		switch tk.kind {
		case tStop:
			flush()
		case tSoft:
			if lastLevel() && nextLevel(i) {
				coord = true
				continue
			}
			flush()
		case tWord:
			if len(cur) == 0 {
				continue
			}
			switch {
			case !r.l.spaces:
				gap += tk.end - tk.start
			case r.capitalAt(r.toks, i) && caps < 3:
				// A capitalized word may be part of a name ("of Binh An
				// commune"); up to three of them do not break the phrase.
				caps++
			default:
				gap++
			}
			if gap > r.l.maxGap {
				flush()
			}
		case tItem:
			e := r.entry(tk)
			if e != nil && e.kind == kCue && e.cue == "and" {
				if lastLevel() && nextLevel(i) {
					coord = true
					continue
				}
				flush()
				continue
			}
			if e != nil && e.kind == kCue && e.cue == "title" {
				flush()
				continue
			}
			if coord && e != nil && e.kind == kLevel {
				r.toks[i].coord = true
			}
			coord = false
			cur = append(cur, i)
			gap, caps = 0, 0
		}
	}
	flush()
	slices.SortStableFunc(r.out, func(a, b stages.OrgMention) int { return a.ByteStart - b.ByteStart })
}

// head is one head noun of a phrase with the modifiers it took.
type head struct {
	tok    int   // token index of the head noun
	items  []int // token indexes of its modifiers
	owner  int   // index into the phrase's heads, -1 for none
	done   bool
	orgs   []stages.Organization
	lo, hi int // token span
}

func (r *reader) phrase(items []int) {
	// Most phrases are a lone level or cue word: nothing to build.
	found := false
	for _, ti := range items {
		if e := r.entry(r.toks[ti]); e != nil && e.kind == kHead {
			found = true
			break
		}
	}
	if !found {
		return
	}
	// Scratch slices are reused from phrase to phrase of one article.
	heads := r.heads[:0]
	defer func() { r.heads = heads }()
	isHead := func(ti int) bool {
		tk := r.toks[ti]
		e := r.entry(tk)
		if e == nil || e.kind != kHead {
			return false
		}
		// A weak head ("party") after another head is only its party cue.
		if e.weak && len(heads) > 0 {
			return false
		}
		return true
	}
	pos := slices.Grow(r.pos[:0], len(items))[:len(items)] // head index for heads, -1 otherwise
	r.pos = pos
	for k, ti := range items {
		pos[k] = -1
		if isHead(ti) {
			pos[k] = len(heads)
			if len(heads) < cap(heads) {
				heads = heads[:len(heads)+1]
				h := &heads[len(heads)-1]
				*h = head{tok: ti, owner: -1, lo: ti, hi: ti, items: h.items[:0], orgs: h.orgs[:0]}
			} else {
				heads = append(heads, head{tok: ti, owner: -1, lo: ti, hi: ti})
			}
		}
	}
	if len(heads) == 0 {
		return
	}
	for k, ti := range items {
		if pos[k] >= 0 {
			continue
		}
		pre := false
		if e := r.entry(r.toks[ti]); e != nil {
			if e.kind == kCue && e.cue == "of" {
				continue // links heads; not part of either name
			}
			pre = e.pre
		}
		prev, next := -1, -1
		for j := k - 1; j >= 0; j-- {
			if pos[j] >= 0 {
				prev = pos[j]
				break
			}
		}
		for j := k + 1; j < len(items); j++ {
			if pos[j] >= 0 {
				next = pos[j]
				break
			}
		}
		h := prev
		if pre && next >= 0 {
			h = next
		}
		if h < 0 {
			// A post-modifier before the first head belongs to something
			// else ("the standing deputy chairman of the council").
			continue
		}
		if e := r.entry(r.toks[ti]); e != nil && e.kind == kFunc && r.wordsBetween(ti, heads[h].tok) {
			// A board's function is written next to it; further away the
			// same word is a verb ("has inspected").
			continue
		}
		heads[h].items = append(heads[h].items, ti)
		heads[h].lo = min(heads[h].lo, ti)
		heads[h].hi = max(heads[h].hi, ti)
	}
	// Ownership: "X of Y" (or X Y in idafa/ezafe/genitive) makes Y the owner
	// of X; where modifiers come first, "Y X" makes Y the owner of X.
	for k := 0; k+1 < len(heads); k++ {
		of := false
		for ti := heads[k].tok + 1; ti < heads[k+1].tok; ti++ {
			if r.isCue(ti, "of") {
				of = true
			}
		}
		if r.l.pre && (!of || r.l.ofOwner) {
			heads[k+1].owner = k
		} else {
			heads[k].owner = k + 1
		}
	}
	for k := range heads {
		r.resolve(heads, k, 0)
	}
	for k := range heads {
		h := &heads[k]
		if len(h.orgs) == 0 {
			continue
		}
		hi := r.balanced(h.lo, h.hi)
		bs, be := int(r.t.off[r.toks[h.lo].start]), int(r.t.off[r.toks[hi].end])
		for _, o := range h.orgs {
			r.out = append(r.out, stages.OrgMention{Org: o, Surface: r.body[bs:be], ByteStart: bs, ByteEnd: be})
		}
	}
}

// facts are what a head's modifiers say.
type facts struct {
	party, people, youth, front, bloc, standing, executive bool
	plural                                                 bool
	function                                               string
	levels                                                 []string
	coord                                                  bool
	generic                                                bool
	place                                                  int32
	nameTok                                                int  // token after which a place name may follow
	levelTok                                               int  // the level word's token, -1 if none
	placeParen                                             bool // the place is written in parentheses
}

func (r *reader) facts(h *head) facts {
	e := r.entry(r.toks[h.tok])
	f := facts{place: -1, nameTok: -1, levelTok: -1, party: e.party, people: e.people, standing: e.standing, function: e.function}
	if e.level != "" {
		f.levels = append(f.levels, e.level)
	}
	// Levels are taken nearest the head first.
	slices.SortFunc(h.items, func(a, b int) int { return abs(a-h.tok) - abs(b-h.tok) })
	for _, ti := range h.items {
		tk := r.toks[ti]
		if tk.place >= 0 {
			if f.place < 0 {
				f.place = tk.place
				f.placeParen = ti > 0 && r.toks[ti-1].kind == tOpen
			}
			continue
		}
		m := r.entry(tk)
		if m == nil {
			continue
		}
		switch m.kind {
		case kCue:
			switch m.cue {
			case "party":
				f.party = true
			case "people":
				f.people = true
			case "youth":
				f.youth = true
			case "front":
				f.front = true
			case "bloc":
				f.bloc = true
			case "standing":
				f.standing = true
			case "executive":
				f.executive = true
			case "plural":
				f.plural = true
			}
		case kHead:
			if m.weak {
				f.party = true
			}
		case kFunc:
			if f.function == "" {
				f.function = m.function
			}
		case kLevel:
			if m.generic {
				f.generic = true
				continue
			}
			if tk.coord {
				f.coord = true
			}
			if !slices.Contains(f.levels, m.level) {
				f.levels = append(f.levels, m.level)
			}
			if m.names && f.nameTok < 0 {
				f.nameTok = ti
			}
			if f.levelTok < 0 {
				f.levelTok = ti
			}
		}
	}
	if f.nameTok < 0 {
		f.nameTok = h.hi
	}
	return f
}

// balanced returns hi, or the last item before an opening parenthesis that
// is not closed by hi, so that a surface never ends inside parentheses.
func (r *reader) balanced(lo, hi int) int {
	open := -1
	for i := lo; i <= hi; i++ {
		switch r.toks[i].kind {
		case tOpen:
			if open < 0 {
				open = i
			}
		case tClose:
			open = -1
		}
	}
	if open < 0 {
		return hi
	}
	for i := open - 1; i > lo; i-- {
		if r.toks[i].kind == tItem {
			return i
		}
	}
	return lo
}

// wordsBetween reports whether an unknown word lies between tokens a and b.
func (r *reader) wordsBetween(a, b int) bool {
	if a > b {
		a, b = b, a
	}
	for i := a + 1; i < b; i++ {
		if r.toks[i].kind == tWord {
			return true
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// typeOf decides the organization type from the head kind and its cues;
// "" means the mention names no organization we list.
func typeOf(kind string, f *facts, level string) (typ, key string) {
	switch kind {
	case "politburo":
		return "politburo", ""
	case "secretariat":
		return "secretariat", ""
	case "newspaper":
		return "newspaper", ""
	case "procuracy":
		return "procuracy", ""
	case "front":
		return "fatherland_front", ""
	case "union":
		return "youth_union", ""
	case "cell":
		return "party_cell", ""
	case "organization":
		if f.party {
			return "party_organization", ""
		}
		return "", ""
	case "agency":
		return "government_agency", ""
	case "party":
		return "party_committee", ""
	}
	// committee, board, council
	switch {
	case f.function != "":
		return "party_board", f.function
	case f.front:
		return "fatherland_front", ""
	case f.youth:
		return "youth_union", ""
	case f.standing:
		return "party_committee", "standing"
	case level == "central" && !f.people && kind == "committee":
		return "central_committee", ""
	case f.people && kind == "council":
		return "peoples_council", ""
	case f.people && kind == "committee" && !f.party:
		return "peoples_committee", ""
	case f.party && kind == "committee":
		return "party_committee", ""
	case f.executive && level == "central":
		return "central_committee", ""
	}
	return "", ""
}

func (r *reader) resolve(heads []head, k, depth int) {
	h := &heads[k]
	if h.done || depth > 8 {
		return
	}
	h.done = true
	var owner *stages.Organization
	if h.owner >= 0 {
		r.resolve(heads, h.owner, depth+1)
		if o := heads[h.owner].orgs; len(o) > 0 {
			owner = &o[0]
		}
	}
	e := r.entry(r.toks[h.tok])
	f := r.facts(h)
	levels := f.levels
	if f.bloc {
		levels = []string{"bloc"}
	}
	if e.plural || f.plural {
		var u []string
		for _, l := range levels {
			if r.s.lx.unique[l] {
				u = append(u, l)
			}
		}
		levels = u
		if len(levels) == 0 {
			return
		}
	} else if len(levels) > 1 && !f.coord {
		levels = levels[:1]
	}
	if len(levels) == 0 {
		levels = []string{""}
	}
	for _, lv := range levels {
		typ, key := typeOf(e.org, &f, lv)
		if typ == "" {
			continue
		}
		o, ok := r.place(typ, key, lv, &f, owner, h)
		if !ok {
			continue
		}
		h.orgs = append(h.orgs, o)
	}
}

// place completes level, place and name of an organization.
func (r *reader) place(typ, key, level string, f *facts, owner *stages.Organization, h *head) (stages.Organization, bool) {
	o := stages.Organization{Type: typ}
	g := r.s.lx.gaz
	switch typ {
	case "politburo", "secretariat", "central_committee":
		o.Level = "central"
		return r.finish(o, key, nil), true
	}
	if typ == "government_agency" {
		// Ministries and departments serve as owners; we do not list them.
		if owner != nil || level == "" {
			return o, false
		}
	}
	dependent := typ == "party_board" || key == "standing"
	partyKind := typ == "party_committee" || typ == "party_cell" || typ == "party_organization"
	switch {
	case dependent && owner != nil && owner.Type != "government_agency":
		o.Level, o.Place, o.PlaceRule = owner.Level, owner.Place, owner.PlaceRule
		if key == "standing" && !strings.HasPrefix(owner.Type, "party_") && owner.Type != "central_committee" {
			// The standing body of a people's council is part of it.
			o.Type = owner.Type
		}
		if owner.Type == "central_committee" {
			o.Level, o.Place, o.PlaceRule = "central", "", ""
		}
		return r.finish(o, key, owner), true
	case partyKind && owner != nil && !strings.HasPrefix(owner.Type, "party_") && owner.Type != "central_committee":
		o.Level, o.Place, o.PlaceRule = "grassroots", owner.Place, owner.PlaceRule
		return r.finish(o, "of:"+owner.OrgID, owner), true
	case typ == "party_cell" && level == "" && owner != nil && owner.Level == "grassroots":
		o.Level, o.Place, o.PlaceRule = "grassroots", owner.Place, owner.PlaceRule
		return r.finish(o, "of:"+owner.OrgID, owner), true
	}
	if level == "" && f.place >= 0 {
		// "the Hanoi Party Committee": the place says the level.
		level = g.places[f.place].Kind
	}
	if level == "" {
		if dl, ok := r.s.lx.defaultLevel[typ]; ok {
			level = dl
		} else if dependent && r.province != "" {
			level = "province"
		} else if typ == "newspaper" && f.place >= 0 {
			level = "province"
		} else {
			return o, false
		}
	}
	var pl *place
	if f.place >= 0 {
		pl = &g.places[f.place]
		if level == "province" && pl.Kind == "district" && !f.placeParen {
			// Translations blur province and district words ("مقاطعة");
			// the gazetteer knows which the named place is.
			level = "district"
		}
	}
	o.Level = level
	switch level {
	case "central":
		o.Place = ""
	case "province", "city", "bloc":
		switch {
		case pl != nil && pl.Kind == "district" && level != "city":
			o.Place, o.PlaceRule = pl.Province, "text"
		case pl != nil:
			o.Place, o.PlaceRule = pl.Name, "text"
		case level == "city":
			if n := r.captureName(f.nameTok); n != "" {
				o.Place, o.PlaceRule = n, "text"
			} else {
				return o, false
			}
		default:
			o.Place, o.PlaceRule = r.province, r.provinceRule
		}
	case "district":
		switch {
		case pl != nil && pl.Kind == "district":
			o.Place, o.PlaceRule = pl.Name, "text"
		default:
			if n := r.captureName(f.nameTok); n != "" {
				o.Place, o.PlaceRule = n, "text"
			} else if r.district != "" {
				o.Place, o.PlaceRule = r.district, r.districtRule
			} else {
				return o, false
			}
		}
	case "commune", "village":
		if n := r.captureName(f.nameTok); n != "" {
			o.Place, o.PlaceRule = n, "text"
		} else if num := r.numberAfter(f.levelTok); level == "village" && num != "" {
			// A numbered village ("village 19") lies in the commune the
			// text named last before it.
			c := r.communeBefore(h.tok)
			if c == "" {
				return o, false
			}
			o.Place, o.PlaceRule = c, "article"
			key = strings.TrimPrefix(key+" village "+num, " ")
		} else {
			return o, false
		}
	default:
		return o, false
	}
	if typ == "newspaper" && o.Place == "" {
		return o, false
	}
	return r.finish(o, key, owner), true
}

func (r *reader) finish(o stages.Organization, key string, owner *stages.Organization) stages.Organization {
	// Repeated mentions reuse the id and name built for the first one.
	ck := orgKey{o.Type, o.Level, o.Place, o.PlaceRule, key}
	if c, ok := r.orgs[ck]; ok {
		return c
	}
	o.OrgID = orgID(o.Type, o.Level, o.Place, key)
	o.NameEn = nameEn(o, key, owner)
	if r.orgs == nil {
		r.orgs = map[orgKey]stages.Organization{}
	}
	r.orgs[ck] = o
	return o
}

type orgKey struct{ typ, level, place, rule, key string }

// captureName reads the name of a commune or village that follows token
// ti, back from its transliteration into Vietnamese syllables.
func (r *reader) captureName(ti int) string {
	if ti < 0 || r.l.nameWords == 0 {
		return ""
	}
	g := r.s.lx.gaz
	var sylls []string
	words := 0
	// Where modifiers come first the name does too: "Binh An commune".
	step, j0 := 1, ti+1
	if r.l.pre {
		step, j0 = -1, ti-1
		for j := j0; j >= 0 && words < r.l.nameWords && r.toks[j].kind == tWord; j-- {
			j0 = j
			words++
		}
		words = 0
		step = 1
	}
	for j := j0; j >= 0 && j < len(r.toks) && j < ti+2+r.l.nameWords && words < r.l.nameWords; j += step {
		tk := r.toks[j]
		if tk.kind == tGone || (len(sylls) == 0 && step == 1 && r.isCue(j, "of")) {
			continue // "village de Thanh Son"
		}
		if tk.kind == tItem && tk.place >= 0 && len(sylls) == 0 {
			// A commune named like a listed place takes its spelling.
			return g.places[tk.place].Name
		}
		if tk.kind != tWord {
			break
		}
		w := r.t.f[tk.start:tk.end]
		sk := r.s.lx.keys.scriptOf(w[0])
		if sk == nil || !r.nameWord(tk, sk) {
			break
		}
		if sk == g.latin {
			sylls = append(sylls, string(w))
			words++
			continue
		}
		r.keybuf = sk.appendKey(r.keybuf[:0], w, true)
		s := g.segment(r.keybuf)
		if s == nil {
			break
		}
		sylls = append(sylls, s...)
		words++
	}
	if len(sylls) == 0 {
		return ""
	}
	return titleSyllables(sylls)
}

// segment splits a fine key into the fewest known syllables.
func (g *Gazetteer) segment(k []byte) []string {
	n := len(k)
	if n == 0 || n > 24 {
		return nil
	}
	const inf = 1 << 20
	var best [25]int
	var from [25]int
	for i := 1; i <= n; i++ {
		best[i] = inf
		for j := max(0, i-7); j < i; j++ {
			if best[j] == inf && j > 0 {
				continue
			}
			if _, ok := g.syll[string(k[j:i])]; ok && best[j]+1 < best[i] {
				best[i], from[i] = best[j]+1, j
			}
		}
	}
	if best[n] >= inf {
		return nil
	}
	var out []string
	for i := n; i > 0; i = from[i] {
		out = append(out, g.syll[string(k[from[i]:i])])
	}
	slices.Reverse(out)
	return out
}

func levelAdj(level string) string {
	switch level {
	case "province":
		return "Provincial"
	case "city":
		return "City"
	case "district":
		return "District"
	case "commune":
		return "Commune"
	case "village":
		return "Village"
	case "bloc":
		return "Agencies and Enterprises Bloc"
	case "central":
		return "Central"
	}
	return ""
}

// nameEn composes the canonical English name.
func nameEn(o stages.Organization, key string, owner *stages.Organization) string {
	pre := strings.TrimSpace(o.Place + " " + levelAdj(o.Level))
	join := func(s string) string { return strings.TrimSpace(pre + " " + s) }
	switch o.Type {
	case "central_committee":
		return "Communist Party of Vietnam Central Committee"
	case "politburo":
		return "Politburo"
	case "secretariat":
		return "Party Central Secretariat"
	case "newspaper":
		return o.Place + " Newspaper (Bao " + o.Place + ")"
	case "party_board":
		fn, _ := functionName(key)
		if owner != nil {
			return fn + " of the " + owner.NameEn
		}
		return join("Party Committee " + fn)
	case "party_committee":
		if key == "standing" {
			if owner != nil {
				return "Standing Committee of the " + owner.NameEn
			}
			return join("Party Standing Committee")
		}
		if owner != nil && strings.HasPrefix(key, "of:") {
			return "Party Committee of the " + owner.NameEn
		}
		return join("Party Committee")
	case "party_cell":
		if owner != nil && strings.HasPrefix(key, "of:") {
			return "Party Cell of the " + owner.NameEn
		}
		return join("Party Cell")
	case "party_organization":
		if owner != nil && strings.HasPrefix(key, "of:") {
			return "Party Organization of the " + owner.NameEn
		}
		return join("Party Organization")
	case "peoples_council":
		return join("People's Council")
	case "peoples_committee":
		return join("People's Committee")
	case "fatherland_front":
		return join("Vietnam Fatherland Front Committee")
	case "youth_union":
		return join("Youth Union")
	case "procuracy":
		return join("People's Procuracy")
	case "government_agency":
		return join("Agency")
	}
	return join(o.Type)
}

// numberAfter returns the digits of the word right after token ti, if it
// is a number ("village 19").
func (r *reader) numberAfter(ti int) string {
	if ti < 0 || ti+1 >= len(r.toks) || r.toks[ti+1].kind != tWord {
		return ""
	}
	tk := r.toks[ti+1]
	w := r.t.f[tk.start:tk.end]
	for _, c := range w {
		if !unicode.IsDigit(c) {
			return ""
		}
	}
	return r.body[int(r.t.off[tk.start]):int(r.t.off[tk.end])]
}

// communeBefore returns the name of the last commune the text names, by a
// commune word and its name, before token ti.
func (r *reader) communeBefore(ti int) string {
	for j := ti - 1; j >= 0; j-- {
		e := r.entry(r.toks[j])
		if e == nil || e.kind != kLevel || e.level != "commune" || !e.names {
			continue
		}
		if n := r.captureName(j); n != "" {
			return n
		}
	}
	return ""
}
