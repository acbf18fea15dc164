// Package testenv says how large Kutip's tests may be.
//
// The README's test command, go test -race ./..., must finish in about a minute and a half on a
// 2-core machine with a cold cache. Test cases that cost tens of seconds under the race
// detector (corpora of thousands of passages, matrices of 1536 dimensions, building the release
// binary) run at a size that still exercises every code path, and at full size only when
// KUTIP_TEST_LARGE is set: CI runs the suite a second time with it (.ci/run). Go's test cache
// remembers which packages read the variable, so that second run repeats only those.
package testenv

import (
	"os"
	"testing"
)

// LargeEnv is the environment variable that turns the large test cases on.
const LargeEnv = "KUTIP_TEST_LARGE"

// Large reports whether the large test cases run: KUTIP_TEST_LARGE is set and not to "0", and
// the tests do not run with -short.
func Large() bool {
	v := os.Getenv(LargeEnv)
	return v != "" && v != "0" && !testing.Short()
}

// Size returns large when the large test cases run, else small.
func Size(small, large int) int {
	if Large() {
		return large
	}
	return small
}

// SkipUnlessLarge skips a test that only makes sense at full size (building the release
// binary), saying how to run it.
func SkipUnlessLarge(tb testing.TB) {
	tb.Helper()
	if !Large() {
		tb.Skip("a large test: set " + LargeEnv + "=1 to run it (CI does)")
	}
}
