package sparkconf

import "testing"

// at is the Target of a test: the releases spec names, as ParseReleases
// reads it ("3.5.1", "3.5", "3.0..3.5", "4.0+"); "" leaves the release to
// Resolve (the file's image, else every release).
func at(t testing.TB, spec string) Target {
	t.Helper()
	rs, err := ParseReleases(spec)
	if err != nil {
		t.Fatalf("releases %q: %v", spec, err)
	}
	return Target{Releases: rs, Source: SourceFlag}
}

// problemsOf validates data for the releases spec names with the
// Validator of an empty configuration.
func problemsOf(t testing.TB, data, spec string) []Problem {
	t.Helper()
	v, err := NewValidator(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return v.ValidateData([]byte(data), at(t, spec)).Problems
}
