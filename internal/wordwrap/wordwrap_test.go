package wordwrap

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLines(t *testing.T) {
	tests := []string{
		"",
		"short",
		"a long line of ordinary words that must be broken into several lines",
		"  leading and  double  spaces  ",
		"averyveryveryveryveryveryverylongwordthatcannotbebroken and more",
		"ünïcödé 中文 words are counted as runes not bytes at all here",
	}
	for _, s := range tests {
		lines := Lines(s, 20)
		if got := strings.Join(lines, " "); got != s {
			t.Errorf("Lines(%q) joined back is %q", s, got)
		}
		for _, l := range lines {
			if n := utf8.RuneCountInString(l); n > 20 && strings.Contains(strings.TrimSpace(l), " ") {
				t.Errorf("Lines(%q): line %q has %d runes and a space to break at", s, l, n)
			}
		}
	}
	if got := Lines("one\ntwo", 20); len(got) != 2 {
		t.Errorf("newline did not break: %q", got)
	}
}
