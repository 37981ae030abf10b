package deploy

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestREADMECommands keeps the README's install and upgrade commands the
// ones these tests run: each must be a line of the README as it is.
func TestREADMECommands(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for _, cmd := range []string{installSelfManaged, installCertManager} {
		if !slices.Contains(lines, cmd) {
			t.Errorf("the README has no line %q", cmd)
		}
	}
}
