package site

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/factgraph/factgraph/internal/dot"
)

// A diagram is embedded in its page as inline SVG, so that its links
// work, its text takes the page's web font and it needs no request of its
// own. The SVG has already been verified by package render; embedding
// parses it again, strictly, and writes it anew from an allowlist, so a
// page can only ever contain the elements and attributes written here:
//
//   - the XML declaration, document type and comments are dropped (the
//     comments carry graphviz's version and node names);
//   - links to entity pages (entities/ID.svg, ID.svg, ../entities/ID.svg,
//     the only form render.Verify lets through) become links to the
//     pages of the site (ID.html), and any other link is an error;
//   - every text gets textLength, the width graphviz made room for, so it
//     stays inside its box whatever font the browser draws it with, and a
//     font-family list that names the metric-compatible fonts first.

// svgLink is the only form a link in a verified SVG takes.
var svgLink = regexp.MustCompile(`^((?:\.\./)?(?:entities/)?[a-z0-9]+(?:-[a-z0-9]+)*)\.svg$`)

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
	// svgFamily is written on every text: the site's web font, then the
	// fonts with Arial's metrics, which graphviz measured with.
	svgFamily = "'FG Sans',Arimo,'Liberation Sans',Arial,Helvetica,sans-serif"
)

var svgElements = map[string]bool{
	"svg": true, "g": true, "title": true, "a": true, "text": true,
	"polygon": true, "polyline": true, "ellipse": true, "path": true,
}

var svgAttrs = map[string]bool{
	"id": true, "class": true, "width": true, "height": true, "viewBox": true,
	"transform": true, "fill": true, "fill-opacity": true, "stroke": true,
	"stroke-width": true, "stroke-dasharray": true, "stroke-opacity": true,
	"points": true, "cx": true, "cy": true, "rx": true, "ry": true, "d": true,
	"x": true, "y": true, "text-anchor": true, "font-family": true,
	"font-size": true, "font-weight": true, "font-style": true,
	"text-decoration": true,
}

// embedSVG rewrites a verified SVG for inline use in a page; idPrefix
// keeps the element ids of two diagrams on one page apart.
func embedSVG(svg []byte, idPrefix string) (template.HTML, error) {
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	d.CharsetReader = func(label string, _ io.Reader) (io.Reader, error) {
		return nil, fmt.Errorf("encoding %q is not UTF-8", label)
	}
	var b strings.Builder
	var stack []string
	var text *xml.StartElement // an open <text>, written when its content is known
	var content strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("diagram: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if text != nil {
				return "", errors.New("diagram: element inside <text>")
			}
			if t.Name.Space != svgNS || !svgElements[t.Name.Local] {
				return "", fmt.Errorf("diagram: element <%s> is not allowed", t.Name.Local)
			}
			if len(stack) == 0 && t.Name.Local != "svg" {
				return "", fmt.Errorf("diagram: root element <%s>", t.Name.Local)
			}
			stack = append(stack, t.Name.Local)
			if t.Name.Local == "text" {
				text = &t
				content.Reset()
				continue
			}
			if err := writeStart(&b, t, len(stack) == 1, idPrefix, ""); err != nil {
				return "", err
			}
		case xml.EndElement:
			if text != nil {
				if err := writeStart(&b, *text, false, idPrefix, content.String()); err != nil {
					return "", err
				}
				escapeText(&b, content.String())
				text = nil
			}
			b.WriteString("</" + t.Name.Local + ">")
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if text != nil {
				content.Write(t)
			} else if len(stack) > 0 {
				// White space between elements, and the text of <title>.
				escapeText(&b, string(t))
			}
		case xml.Comment, xml.ProcInst, xml.Directive:
			// Dropped: render.Verify has checked what they may be.
		}
	}
	if len(stack) != 0 || b.Len() == 0 {
		return "", errors.New("diagram: no complete <svg> element")
	}
	return template.HTML(b.String()), nil
}

// writeStart writes a start tag from the allowlist. For a <text>, text is
// its content, from which textLength is computed.
func writeStart(b *strings.Builder, t xml.StartElement, root bool, idPrefix, text string) error {
	b.WriteString("<" + t.Name.Local)
	if root {
		b.WriteString(` class="graphviz"`)
	}
	var family, size, weight string
	for _, a := range t.Attr {
		name, v := a.Name.Local, a.Value
		switch {
		case a.Name.Space == "xmlns" || a.Name.Space == "" && name == "xmlns":
			continue // the HTML parser puts inline SVG in its namespace
		case a.Name.Space == xlinkNS && name == "href":
			m := svgLink.FindStringSubmatch(v)
			if m == nil {
				return fmt.Errorf("diagram: link %q is not a link to an entity page", clip(v, 60))
			}
			attr(b, "href", m[1]+".html")
			continue
		case a.Name.Space == xlinkNS && name == "title":
			attr(b, "xlink:title", v)
			continue
		case a.Name.Space != "" || !svgAttrs[name] || strings.HasPrefix(strings.ToLower(name), "on"):
			return fmt.Errorf("diagram: attribute %q is not allowed", name)
		case name == "id":
			v = idPrefix + v
		case name == "font-family":
			family = v
			v = svgFamily
		case name == "font-size":
			size = v
		case name == "font-weight":
			weight = v
		}
		attr(b, name, v)
	}
	if t.Name.Local == "text" {
		if w, ok := assumedWidth(text, family, size, weight); ok {
			attr(b, "textLength", strconv.FormatFloat(w, 'f', 2, 64))
			attr(b, "lengthAdjust", "spacingAndGlyphs")
		}
	}
	b.WriteString(">")
	return nil
}

func attr(b *strings.Builder, name, value string) {
	b.WriteString(" " + name + `="`)
	escapeText(b, value)
	b.WriteString(`"`)
}

// escapeText escapes text for HTML text and quoted attribute values.
func escapeText(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		case '\n':
			b.WriteString("&#10;")
		default:
			b.WriteRune(r)
		}
	}
}

// assumedWidth is the width graphviz gave s, in points (see
// dot.EstimatedWidth).
func assumedWidth(s, family, size, weight string) (float64, bool) {
	pt, err := strconv.ParseFloat(size, 64)
	if err != nil || s == "" {
		return 0, false
	}
	return dot.EstimatedWidth(s, family, weight != "", pt)
}
