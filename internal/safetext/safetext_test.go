package safetext

import "testing"

func TestTerminal(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"facts/alipay.yaml", "facts/alipay.yaml"},
		{"a\x1b[31mb", `a\x1b[31mb`},
		{"tab\there", `tab\there`},
		{"line\nbreak", `line\nbreak`},
		{"ali\u202epay", `ali\u202epay`},
		{"bad\xffbyte", `bad\xffbyte`},
		{"Zhīfùbǎo 支付宝", "Zhīfùbǎo 支付宝"},
	} {
		if got := Terminal(tc.in); got != tc.want {
			t.Errorf("Terminal(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestGitHub(t *testing.T) {
	if got, want := GitHubMessage("a%b\nc\x1b"), `a%25b%0Ac\x1b`; got != want {
		t.Errorf("GitHubMessage = %q, want %q", got, want)
	}
	if got, want := GitHubProperty("x:y,z\xff\x1b"), `x%3Ay%2Cz\xff\x1b`; got != want {
		t.Errorf("GitHubProperty = %q, want %q", got, want)
	}
}

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"see https://evil.example/x", "see https:\u2060//evil.example/x"},
		{"www.evil.example", "www\u2060.evil.example"},
		{"mail a@b.c", "mail a\\@\u2060b.c"},
		{"[x](y) *b* <i>", `\[x\]\(y\) \*b\* \<i\>`},
	} {
		if got := Markdown(tc.in); got != tc.want {
			t.Errorf("Markdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got, want := MarkdownCode("a`b"), "``a`b``"; got != want {
		t.Errorf("MarkdownCode = %q, want %q", got, want)
	}
}

func TestSARIF(t *testing.T) {
	if got, want := SARIF(`see [x](1) \ done`), `see \[x\](1) \\ done`; got != want {
		t.Errorf("SARIF = %q, want %q", got, want)
	}
}

func TestDOT(t *testing.T) {
	if got, want := DOTLabel("a\\N&\"\n"), `a\\N&amp;\"\n`; got != want {
		t.Errorf("DOTLabel = %q, want %q", got, want)
	}
	if got, want := DOTTooltip(`a\b`), `a\\\\b`; got != want {
		t.Errorf("DOTTooltip = %q, want %q", got, want)
	}
}

func TestFirstUnsafe(t *testing.T) {
	for _, tc := range []struct {
		in   string
		name bool
		bad  bool
	}{
		{"plain", false, false}, {"tab\tok", false, false}, {"tab\tname", true, true},
		{"\u200f", false, true}, {"\xff", false, true}, {"\u2028", false, true},
	} {
		if _, bad := FirstUnsafe(tc.in, tc.name); bad != tc.bad {
			t.Errorf("FirstUnsafe(%q, %v) = %v, want %v", tc.in, tc.name, bad, tc.bad)
		}
	}
}
