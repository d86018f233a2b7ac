package suggest

import "testing"

func TestNearest(t *testing.T) {
	candidates := []string{"label", "aliases", "description", "statements", "alibaba-group", "alibaba-cloud"}
	for _, tc := range []struct{ name, want string }{
		{"lable", "label"},
		{"descripton", "description"},
		{"alibaba-grop", "alibaba-group"},
		{"alibaba-cluod", "alibaba-cloud"},
		{"x", ""},
		{"completely-different", ""},
	} {
		if got := Nearest(tc.name, candidates); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got, want := DidYouMean("lable", candidates), `; did you mean "label"?`; got != want {
		t.Errorf("DidYouMean = %q, want %q", got, want)
	}
	if got := DidYouMean("zzzzzz", candidates); got != "" {
		t.Errorf("DidYouMean of a stranger = %q, want none", got)
	}
}
