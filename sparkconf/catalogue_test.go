package sparkconf

import (
	"strings"
	"testing"
)

// TestCatalogueRows checks the table itself: enough keys, no duplicates,
// every row complete and citing a Spark source file.
func TestCatalogueRows(t *testing.T) {
	if n := len(catalogue); n < 150 {
		t.Errorf("the catalogue has %d keys, want at least 150", n)
	}
	seen := map[string]bool{}
	for _, k := range catalogue {
		t.Run(k.Name, func(t *testing.T) {
			if seen[k.Name] && !disjointRows(catalogueRows[k.Name]) {
				t.Errorf("rows of the same key whose releases overlap")
			}
			seen[k.Name] = true
			if k.Until != "" && mustVersion(k.Until).Compare(mustVersion(k.Since)) <= 0 {
				t.Errorf("Until %s is not after Since %s", k.Until, k.Since)
			}
			if !strings.HasPrefix(k.Name, "spark.") {
				t.Errorf("key does not start with spark.")
			}
			if _, err := ParseVersion(k.Since); err != nil {
				t.Errorf("Since: %v", err)
			}
			if !strings.HasSuffix(k.Source, ".scala") && !strings.HasSuffix(k.Source, ".java") {
				t.Errorf("Source %q is not a Spark source file", k.Source)
			}
			if (k.Type == TypeEnum) != (len(k.Values) > 0) {
				t.Errorf("type %v with values %v", k.Type, k.Values)
			}
			if (k.Type == TypeBytes || k.Type == TypeTime) != (k.Unit != 0) {
				t.Errorf("type %v with unit %d", k.Type, k.Unit)
			}
			if k.Deprecated != "" && catalogueRows[k.Deprecated] == nil {
				t.Errorf("deprecated in favour of %q, which is not in the catalogue", k.Deprecated)
			}
			for _, c := range k.Checks {
				if c.Message == "" {
					t.Errorf("check %+v has no message", c)
				}
			}
		})
	}
}

// TestCatalogueFamilies checks that family prefixes end with a dot, so
// that spark.hadoopX is not read as spark.hadoop.X.
func TestCatalogueFamilies(t *testing.T) {
	for _, f := range families {
		if !strings.HasSuffix(f.Prefix, ".") || !strings.HasPrefix(f.Prefix, "spark.") || f.Source == "" {
			t.Errorf("family %+v", f)
		}
	}
}

// TestLookup checks the public view of a row.
func TestLookup(t *testing.T) {
	k, ok := Lookup("spark.executor.memory")
	if !ok || k.Type != TypeBytes || k.Unit != MiB || k.Source != srcCore {
		t.Errorf("Lookup(spark.executor.memory) = %+v, %v", k, ok)
	}
	if _, ok := Lookup("spark.executor.memroy"); ok {
		t.Error("Lookup found a misspelt key")
	}
	if got := len(Catalogue()); got != len(catalogue) {
		t.Errorf("Catalogue() has %d rows, want %d", got, len(catalogue))
	}
}

// disjointRows reports whether rows, sorted by Since, cover releases that
// do not overlap: a key has one definition per release.
func disjointRows(rows []row) bool {
	for i := 1; i < len(rows); i++ {
		prev := rows[i-1].releases
		if prev.Until == (Version{}) || prev.Until.Compare(rows[i].releases.Since) > 0 {
			return false
		}
	}
	return true
}
