package cache

import (
	"strings"
	"testing"
)

func TestNewKey(t *testing.T) {
	tests := []struct {
		name string
		a, b [][]byte
		same bool
	}{
		{name: "same parts", a: parts("ab", "c"), b: parts("ab", "c"), same: true},
		{name: "moved boundary", a: parts("ab", "c"), b: parts("a", "bc")},
		{name: "empty part", a: parts("abc"), b: parts("abc", "")},
		{name: "no parts against one empty", a: parts(), b: parts("")},
		{name: "order", a: parts("a", "b"), b: parts("b", "a")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := NewKey(tc.a...), NewKey(tc.b...)
			if (a == b) != tc.same {
				t.Errorf("NewKey(%q) == NewKey(%q) is %v, want %v", tc.a, tc.b, a == b, tc.same)
			}
		})
	}
}

func TestKeyString(t *testing.T) {
	var k Key
	k[0], k[31] = 0xab, 0x01
	s := k.String()
	if len(s) != 64 || !strings.HasPrefix(s, "ab") || !strings.HasSuffix(s, "01") || strings.ToLower(s) != s {
		t.Errorf("String() = %q, want 64 lowercase hex digits from ab to 01", s)
	}
}

func parts(ss ...string) [][]byte {
	var ps [][]byte
	for _, s := range ss {
		ps = append(ps, []byte(s))
	}
	return ps
}
