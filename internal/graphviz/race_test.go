//go:build race

package graphviz

// raceEnabled says that the race detector is on: its own allocator
// fails first under a memory limit, with a message of its own.
const raceEnabled = true
