package render

import "testing"

func TestEscape(t *testing.T) {
	tests := []struct {
		in, label, tip string
	}{
		{`plain`, `plain`, `plain`},
		{`a "b"`, `a \"b\"`, `a \"b\"`},
		{`\N`, `\\N`, `\\\\N`},
		{`end\`, `end\\`, `end\\\\`},
		{"a\nb", `a\nb`, `a\nb`},
		{`&amp; &#65;`, `&amp;amp; &amp;#65;`, `&amp;amp; &amp;#65;`},
		{`<script>`, `<script>`, `<script>`},
	}
	for _, tc := range tests {
		if got := EscapeLabel(tc.in); got != tc.label {
			t.Errorf("EscapeLabel(%q) = %q, want %q", tc.in, got, tc.label)
		}
		if got := EscapeTooltip(tc.in); got != tc.tip {
			t.Errorf("EscapeTooltip(%q) = %q, want %q", tc.in, got, tc.tip)
		}
	}
}
