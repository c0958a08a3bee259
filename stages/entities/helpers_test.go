package entities

import (
	"testing"

	"github.com/statharvest/statharvest/data"
)

func newStage(t testing.TB) *Stage {
	t.Helper()
	s, err := New(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
