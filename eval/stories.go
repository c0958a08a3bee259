package eval

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/statharvest/statharvest/dataset"
)

// StoryScore scores story grouping over pairs of articles: a pair is positive
// when both articles belong to one story.
type StoryScore struct{ PRF }

// LoadStoryTruth reads a TSV of "file<TAB>story label" lines ('#' starts a
// comment); a JSON Lines record is named by its id instead of a file name.
func LoadStoryTruth(p string) (map[string]string, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	truth := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		file, label, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("eval: %s:%d: want file<TAB>story", p, n)
		}
		truth[strings.TrimSpace(file)] = strings.TrimSpace(label)
	}
	return truth, sc.Err()
}

// ScoreStories compares the story_id of the committed articles with truth.
func ScoreStories(out string, truth map[string]string) (*StoryScore, error) {
	ds, err := dataset.Open(out)
	if err != nil {
		return nil, err
	}
	rows, err := ds.Rows("articles")
	if err != nil {
		return nil, err
	}
	got := map[string]string{}
	for _, r := range rows {
		// JSON Lines records are named by their id, files by their name.
		f := r.Str("source_id")
		if f == "" {
			f = path.Base(filepath.ToSlash(r.Str("source_path")))
		}
		if _, ok := truth[f]; ok {
			got[f] = r.Str("story_id")
		}
	}
	files := make([]string, 0, len(got))
	for f := range got {
		files = append(files, f)
	}
	s := &StoryScore{}
	for i := 0; i < len(files); i++ {
		for j := i + 1; j < len(files); j++ {
			a, b := files[i], files[j]
			same := truth[a] == truth[b]
			grouped := got[a] != "" && got[a] == got[b]
			if same {
				s.Gold++
			}
			if grouped {
				s.Pred++
			}
			if same && grouped {
				s.TP++
			}
		}
	}
	return s, nil
}
