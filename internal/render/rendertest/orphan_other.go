//go:build !linux

package rendertest

import "testing"

const envParent = "FACTGRAPH_RENDERTEST_PARENT"

// Orphan needs /proc; it skips the test elsewhere.
func Orphan(t testing.TB, path, tmp string) (pid int, start string) {
	t.Skip("needs /proc")
	return 0, ""
}

// Exited needs /proc.
func Exited(pid int, start string) bool { return true }

// Children needs /proc; it lists none.
func Children() []int { return nil }

func fakeParent() int { return 1 }
