package render

import (
	"strings"
	"testing"
)

// TestOneLine checks that text from the child reaches a message on one
// line, with every control and bidirectional mark escaped (the local
// cleaner this replaced let U+200E, U+200F and U+061C through).
func TestOneLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "panic: simulated crash", "panic: simulated crash"},
		{"line break", "a\nb", `a\nb`},
		{"escape sequence", "\x1b[31mred", `\x1b[31mred`},
		{"left-to-right mark", "a\u200eb", `a\u200eb`},
		{"right-to-left mark", "a\u200fb", `a\u200fb`},
		{"arabic letter mark", "a\u061cb", `a\u061cb`},
		{"override", "a\u202eb", `a\u202eb`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := oneLine(tc.in, 100); got != tc.want {
				t.Errorf("oneLine(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	long := strings.Repeat("é", 100)
	got := oneLine(long, 11)
	if got != strings.Repeat("é", 5)+"..." {
		t.Errorf("cut to %q, want five characters and ...", got)
	}
}

// TestOutputBuffer checks that a child's output keeps its beginning,
// where a Go crash names its cause, and its end.
func TestOutputBuffer(t *testing.T) {
	b := &outputBuffer{max: 8}
	for _, s := range []string{"fatal: ", "out of memory\n", "goroutine 1\n", "goroutine 2\nend"} {
		b.Write([]byte(s))
	}
	if got, want := b.String(), "fatal: o\n...\nne 2\nend"; got != want {
		t.Errorf("kept %q, want %q", got, want)
	}
	short := &outputBuffer{max: 8}
	short.Write([]byte("panic"))
	if got := short.String(); got != "panic" {
		t.Errorf("kept %q, want all of it", got)
	}
}
