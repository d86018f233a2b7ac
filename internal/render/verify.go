package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/factgraph/factgraph/internal/grammar"
	"github.com/factgraph/factgraph/internal/safetext"
)

// LinkPattern is the only form a link in our SVG may take: a relative
// link to an entity page, from the output directory (entities/ID.svg),
// from inside entities/ (ID.svg) or from a sibling directory
// (../entities/ID.svg). IDs are validated fact ids, so no scheme, query,
// fragment or percent-escape can appear.
var LinkPattern = regexp.MustCompile(`^(\.\./)?(entities/)?` + strings.TrimSuffix(strings.TrimPrefix(grammar.IDPattern, "^"), "$") + `\.svg$`)

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
	// doctype is the only document type declaration graphviz writes.
	doctype = `DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"` + "\n" + ` "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"`
)

// svgElements are the elements graphviz's SVG renderer writes for the
// attributes CheckDOT allows.
var svgElements = map[string]bool{
	"svg": true, "g": true, "title": true, "a": true, "text": true,
	"polygon": true, "polyline": true, "ellipse": true, "path": true,
}

// svgAttrs are the attributes allowed on those elements (xlink:href and
// xlink:title are checked separately).
var svgAttrs = map[string]bool{
	"id": true, "class": true, "width": true, "height": true, "viewBox": true,
	"transform": true, "fill": true, "fill-opacity": true, "stroke": true,
	"stroke-width": true, "stroke-dasharray": true, "stroke-opacity": true,
	"points": true, "cx": true, "cy": true, "rx": true, "ry": true, "d": true,
	"x": true, "y": true, "text-anchor": true, "font-family": true,
	"font-size": true, "font-weight": true, "font-style": true,
	"text-decoration": true,
}

// svgFonts are the font-family values the allowed fontnames produce.
var svgFonts = map[string]bool{
	"Helvetica,sans-Serif": true, "Helvetica,Arial,sans-serif": true,
	"Times,serif": true, "Courier,monospace": true,
}

// Verify checks an SVG written by graphviz: a strict XML parse, only the
// elements and attributes graphviz writes for safe DOT (no script, style,
// foreignObject or event handler), fonts from the fixed set, links only
// to entity pages (LinkPattern), and exactly nodes node groups and edges
// edge groups.
func Verify(svg []byte, nodes, edges int) error {
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	d.CharsetReader = func(label string, _ io.Reader) (io.Reader, error) {
		return nil, fmt.Errorf("encoding %q is not UTF-8", label)
	}
	var nNodes, nEdges, depth int
	sawRoot := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.ProcInst:
			if t.Target != "xml" || depth > 0 || sawRoot {
				return fmt.Errorf("unexpected processing instruction <?%s?>", t.Target)
			}
		case xml.Directive:
			if string(t) != doctype || sawRoot {
				return fmt.Errorf("unexpected directive <!%s>", oneLine(string(t), 60))
			}
		case xml.StartElement:
			if depth == 0 {
				if sawRoot || t.Name.Local != "svg" {
					return fmt.Errorf("unexpected root element <%s>", t.Name.Local)
				}
				sawRoot = true
			}
			depth++
			if t.Name.Space != svgNS || !svgElements[t.Name.Local] {
				return fmt.Errorf("element <%s> (namespace %q) is not allowed", t.Name.Local, t.Name.Space)
			}
			if err := checkAttrs(t); err != nil {
				return fmt.Errorf("<%s>: %w", t.Name.Local, err)
			}
			if t.Name.Local == "g" {
				switch attr(t, "class") {
				case "node":
					nNodes++
				case "edge":
					nEdges++
				}
			}
		case xml.EndElement:
			depth--
		}
	}
	switch {
	case !sawRoot:
		return errors.New("no <svg> element")
	case nNodes != nodes:
		return fmt.Errorf("%d nodes drawn, %d expected", nNodes, nodes)
	case nEdges != edges:
		return fmt.Errorf("%d edges drawn, %d expected", nEdges, edges)
	}
	return nil
}

func checkAttrs(t xml.StartElement) error {
	for _, a := range t.Attr {
		name := a.Name.Local
		switch {
		case a.Name.Space == "xmlns" || a.Name.Space == "" && name == "xmlns":
			if a.Value != svgNS && a.Value != xlinkNS {
				return fmt.Errorf("namespace %q is not allowed", a.Value)
			}
		case strings.HasPrefix(strings.ToLower(name), "on"):
			return fmt.Errorf("event handler attribute %q", name)
		case a.Name.Space == xlinkNS && name == "href":
			if !LinkPattern.MatchString(a.Value) {
				return fmt.Errorf("link %q is not a relative link to an entity page", safetext.Truncate(a.Value, 60))
			}
		case a.Name.Space == xlinkNS && name == "title":
			// A tooltip: text, escaped by the XML encoder.
		case a.Name.Space != "":
			return fmt.Errorf("attribute %s:%s is not allowed", a.Name.Space, name)
		case !svgAttrs[name]:
			return fmt.Errorf("attribute %q is not allowed", name)
		case name == "font-family" && !svgFonts[a.Value]:
			return fmt.Errorf("font-family %q is not allowed", safetext.Truncate(a.Value, 60))
		}
	}
	return nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
