package render_test

import (
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/render"
)

func TestCheckDOT(t *testing.T) {
	tests := []struct {
		name string
		dot  string
		bad  string // "" when the DOT is accepted, else part of the error
	}{
		{"plain", `digraph "g" { "a" -> "b" [label="x", tooltip="y"]; }`, ""},
		{"text may hold anything", `digraph { a [label="<script> javascript: fontname=\"x\" URL=z"]; }`, ""},
		{"entity page link", `digraph { a [URL="entities/alipay.svg"]; b [URL="../entities/a-b.svg"]; c [URL="x.svg"]; }`, ""},
		{"escaped backslash before quote", `digraph { a [label="x\\", URL="a.svg"]; }`, ""},
		{"graph attribute statement", `digraph { rankdir="LR"; graph [splines="line"]; }`, ""},
		{"javascript link", `digraph { a [URL="javascript:alert(1)"]; }`, "not allowed for URL"},
		{"entity-escaped scheme", `digraph { a [URL="java&#115;cript:x"]; }`, "not allowed for URL"},
		{"absolute link", `digraph { a [URL="https://evil.example/a.svg"]; }`, "not allowed for URL"},
		{"href", `digraph { a [href="a.svg"]; }`, `attribute "href"`},
		{"fontname injection", `digraph { a [fontname="Times\"/><script>alert(1)</script><text x=\""]; }`, "not allowed for fontname"},
		{"stylesheet", `digraph { stylesheet="evil.css"; }`, `attribute "stylesheet"`},
		{"image", `digraph { a [image="/etc/passwd"]; }`, `attribute "image"`},
		{"shapefile", `digraph { a [shape="epsf", shapefile="x"]; }`, "not allowed for shape"},
		{"id", `digraph { a [id="x\" onload=\"y"]; }`, `attribute "id"`},
		{"class", `digraph { a [class="x"]; }`, `attribute "class"`},
		{"html label", `digraph { a [label=<<b>x</b>>]; }`, "HTML-like"},
		{"colour", `digraph { a [color="red\" onload=\"x"]; }`, "not allowed for color"},
		{"style", `digraph { a [style="setlinewidth(9)"]; }`, "not allowed for style"},
		{"unterminated", `digraph { a [label="x]; }`, "unterminated"},
		{"control character", "digraph { a [label=\"x\x01\"]; }", "control character"},
		{"invalid UTF-8", "digraph { a [label=\"\xff\"]; }", "UTF-8"},
		{"concatenated link", `digraph { a [URL="java" + "script:x"]; }`, "not allowed for URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := render.CheckDOT([]byte(tc.dot))
			switch {
			case tc.bad == "" && err != nil:
				t.Fatalf("rejected: %v", err)
			case tc.bad != "" && err == nil:
				t.Fatalf("accepted, want an error about %q", tc.bad)
			case tc.bad != "" && !strings.Contains(err.Error(), tc.bad):
				t.Fatalf("got %v, want an error about %q", err, tc.bad)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
 "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="10pt" height="10pt" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
`
	node := `<g id="node1" class="node"><title>a</title><g id="a_node1"><a xlink:href="entities/a.svg" xlink:title="t &amp; &quot;u&quot;"><text x="1" y="1" font-family="Helvetica,sans-Serif" font-size="11.00">A</text></a></g></g>`
	tests := []struct {
		name  string
		body  string
		nodes int
		bad   string
	}{
		{"good", node, 1, ""},
		{"count", node, 2, "1 nodes drawn, 2 expected"},
		{"script", node + `<script>alert(1)</script>`, 1, "<script>"},
		{"foreignObject", node + `<foreignObject/>`, 1, "<foreignObject>"},
		{"event handler", `<g class="node" onload="alert(1)"></g>`, 1, "event handler"},
		{"javascript link", `<a xlink:href="javascript:alert(1)"></a>`, 0, "not a relative link"},
		{"data link", `<a xlink:href="data:text/html,x"></a>`, 0, "not a relative link"},
		{"svg2 href", `<a href="entities/a.svg"></a>`, 0, `attribute "href"`},
		{"style attribute", `<g style="x"></g>`, 0, `attribute "style"`},
		{"font", `<text font-family="x&quot;/&gt;">a</text>`, 0, "font-family"},
		{"control character", "<text>\x01</text>", 0, "not well-formed"},
		{"character reference to a control", "<text>&#1;</text>", 0, "not well-formed"},
		{"other namespace", `<x:y xmlns:x="urn:x"/>`, 0, "namespace"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := render.Verify([]byte(head+tc.body+"</svg>\n"), tc.nodes, 0)
			switch {
			case tc.bad == "" && err != nil:
				t.Fatalf("rejected: %v", err)
			case tc.bad != "" && err == nil:
				t.Fatalf("accepted, want an error about %q", tc.bad)
			case tc.bad != "" && !strings.Contains(err.Error(), tc.bad):
				t.Fatalf("got %v, want an error about %q", err, tc.bad)
			}
		})
	}
	if err := render.Verify([]byte(`<?xml-stylesheet href="evil.css"?>`+head[strings.Index(head, "<svg"):]+"</svg>"), 0, 0); err == nil {
		t.Error("accepted an xml-stylesheet processing instruction")
	}
}
