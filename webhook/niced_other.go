//go:build !linux

package webhook

// runNiced runs f: only Linux lowers a single thread's priority.
func runNiced(f func()) { f() }

// ReserveProcsForValidations does nothing: without niced threads (Linux
// only), an extra Go processor would only let validations take more CPU.
func ReserveProcsForValidations(int) {}
