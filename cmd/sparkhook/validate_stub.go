package main

import (
	"context"
	"fmt"
	"io"
)

// runValidate is replaced by validate.go (issue 4).
func runValidate(_ context.Context, _ []string, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "sparkhook validate: not built yet")
	return exitUsage
}
