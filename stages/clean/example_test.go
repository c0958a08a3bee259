package clean_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/statharvest/statharvest/data"
	"github.com/statharvest/statharvest/stages"
	"github.com/statharvest/statharvest/stages/clean"
)

// The pipeline counts lines over the run's raw articles before the
// per-article stages start, then hands the frozen counts to the stage.
func ExampleStage_NewRepeatCounter() {
	stage, err := clean.New(data.FS)
	if err != nil {
		panic(err)
	}
	para := "The district admitted 45 new party members in the first quarter, reaching 30 percent of the annual plan."
	var raws [][]byte
	for i := range 4 {
		raws = append(raws, []byte(fmt.Sprintf("District portal | Home | Contact\n%s Report %d.\n", para, i)))
	}

	counter := stage.NewRepeatCounter() // one goroutine, before the workers start
	for _, raw := range raws {
		counter.Observe(raw)
	}
	stage = stage.WithRepeats(counter.Repeats()) // immutable from here on

	a := &stages.Article{Raw: raws[0]}
	if err := stage.Process(context.Background(), a); err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(a.Body, "The district"), a.BoilerplateCut)
	// Output: true 1
}
