//go:build !linux

package webhook

// runNiced runs f: only Linux lowers a single thread's priority.
func runNiced(f func()) { f() }
