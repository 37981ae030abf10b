package webhook

import (
	"runtime"
	"syscall"
)

// validationNice is the scheduling niceness validations run at: the OS
// then gives the threads serving Pod reviews the CPU first whenever both
// want it (nice 10 against 0 is a weight of about 1 to 10 under CFS).
const validationNice = 10

// runNiced runs f on an OS thread of its own whose niceness is
// validationNice, and returns when f does. The thread is never unlocked,
// so it ends with the goroutine and its lowered priority with it: an
// unprivileged process may raise its niceness but not lower it back, so
// the thread must not return to Go's pool.
func runNiced(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		// Best effort: a failure leaves the thread at its priority.
		_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), validationNice)
		f()
	}()
	<-done
}

// ReserveProcsForValidations raises GOMAXPROCS by n, the most validations
// that run at once. A validation's goroutine is locked to its own niced
// thread and holds a Go processor (P) for as long as it runs; without an
// extra P it would take one the Pod reviews need, and the OS could not
// give those reviews the CPU first, however low the thread's priority.
// With it, Go runs the Pod reviews on the other Ps and the kernel's
// scheduler, weighing nice 10 against 0, arbitrates the CPU between them.
func ReserveProcsForValidations(n int) {
	runtime.GOMAXPROCS(runtime.GOMAXPROCS(0) + n)
}
