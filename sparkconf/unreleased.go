package sparkconf

import (
	"fmt"
	"slices"
)

// firstUncatalogued is the first minor release after NewestRelease's: the
// catalogue holds no rules of its own for it.
var firstUncatalogued = func() Version {
	v := mustVersion(NewestRelease)
	return Version{Major: v.Major, Minor: v.Minor + 1}
}()

// beyondCatalogue reports whether every release of rs is newer than the
// catalogue (firstUncatalogued or later): a driver labelled with a Spark
// release that came out after this sparkhook.
func beyondCatalogue(rs Releases) bool {
	if len(rs) == 0 {
		return false
	}
	for _, r := range rs {
		if r.Since.Compare(firstUncatalogued) < 0 {
			return false
		}
	}
	return true
}

// softenBeyondCatalogue turns the catalogue's errors among the problems
// from index from on into warnings when the file is read only by releases
// newer than the catalogue. Those are checked by the newest rules sparkhook
// knows, but a later Spark may accept what they refuse (a new volume type,
// a new value of an enumeration, a key's new type), and refusing a valid
// job is worse than letting a broken one fail at its start. The platform's
// policy (failPolicy) is not the catalogue's and stays an error.
func (r *report) softenBeyondCatalogue(from int) {
	if !beyondCatalogue(r.releases) {
		return
	}
	for i := from; i < len(r.problems); i++ {
		if p := &r.problems[i]; p.Severity == Error && !slices.Contains(r.policyFailed, *p) {
			p.Severity = Warning
			p.Message += fmt.Sprintf(" (by the rules of Spark %s, the newest sparkhook knows; Spark %s is newer and may accept it)", NewestRelease, r.releases[0].Since)
		}
	}
}
