package dot

import "strings"

// helvetica is the advance width, in 1/2048 em, of each printable ASCII
// character from ' ' to '~' as graphviz estimates Helvetica: the widths of
// Arial and Liberation Sans, which are metric-compatible with Helvetica,
// from graphviz's lib/common/textspan_lut.c. go-graphviz has no fonts of
// its own, so these are the widths it sizes nodes and edge labels with.
// TestHelveticaWidthsMatchRenderer in package diagram draws every one
// with the real renderer and compares.
var helvetica = [...]uint16{
	569, 569, 727, 1139, 1139, 1821, 1366, 391, 682, 682, 797, 1196, 569, 682, 569, 569,
	1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 569, 569, 1196, 1196, 1196, 1139,
	2079, 1366, 1366, 1479, 1479, 1366, 1251, 1593, 1479, 569, 1024, 1366, 1139, 1706, 1479, 1593,
	1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933, 1366, 1366, 1251, 569, 569, 569, 961, 1139,
	682, 1139, 1139, 1024, 1139, 1139, 569, 1139, 1139, 455, 455, 1024, 455, 1706, 1139, 1139,
	1139, 1139, 682, 1024, 569, 1139, 1024, 1479, 1024, 1024, 1024, 684, 532, 684, 1196,
}

// helveticaUnknown is graphviz's estimate for a byte it has no width for:
// that of a space, for every byte of a character outside ASCII (so an en
// dash, three bytes in UTF-8, counts as three spaces).
const helveticaUnknown = 569

// helveticaWidth is the width of s in em as graphviz estimates it in
// Helvetica.
func helveticaWidth(s string) float64 {
	units := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= ' ' && c <= '~' {
			units += int(helvetica[c-' '])
		} else {
			units += helveticaUnknown
		}
	}
	return float64(units) / 2048
}

// Width is the width in points of t's widest line at size points in
// Helvetica, as graphviz measures it to size the node or edge label that
// shows t: the text as the label shows it, escapes included.
func (t Text) Width(size float64) float64 {
	widest, line := 0.0, 0.0
	for _, s := range t.segs {
		parts := strings.Split(visible(s.text), "\n")
		for i, p := range parts {
			line += helveticaWidth(p)
			if i < len(parts)-1 || s.end != "" {
				widest, line = max(widest, line), 0
			}
		}
	}
	return max(widest, line) * size
}
