package dot

import "strings"

// EstimatedWidth is the width in points graphviz gives s at size points
// in family (as an SVG names it) when it has no font files, as
// go-graphviz has not: it sums, over the UTF-8 bytes of s, the advance
// widths of a built-in table (lib/common/textspan_lut.c): Arial's for the
// Helvetica family, Times's for any name it does not know, such as
// Helvetica-Bold (which graphviz writes as Helvetica with font-weight
// bold). A byte outside printable ASCII counts as a space, so an en dash,
// three bytes in UTF-8, counts as three. False for a family with no
// table. TestHelveticaWidthsMatchRenderer in package diagram draws every
// character with the real renderer and compares.
func EstimatedWidth(s, family string, bold bool, size float64) (float64, bool) {
	var table *[95]uint16
	switch {
	case strings.HasPrefix(family, "Helvetica") && !bold:
		table = &sansWidths
	case strings.HasPrefix(family, "Helvetica") || strings.HasPrefix(family, "Times"):
		table = &serifWidths
	default:
		return 0, false
	}
	return size * em(s, table), true
}

// em is the width of s in em with the advance widths of table.
func em(s string, table *[95]uint16) float64 {
	units := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e {
			c = ' '
		}
		units += int(table[c-0x20])
	}
	return float64(units) / 2048
}

// sansWidths are the advance widths of U+0020..U+007E in 1/2048 em of
// Arial (and of the metric-compatible Liberation Sans and Arimo); serifWidths
// those of Times New Roman (and Liberation Serif). Graphviz's estimate
// tables hold the same numbers.
var sansWidths = [95]uint16{
	569, 569, 727, 1139, 1139, 1821, 1366, 391, 682, 682, 797, 1196,
	569, 682, 569, 569, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139,
	1139, 1139, 569, 569, 1196, 1196, 1196, 1139, 2079, 1366, 1366, 1479,
	1479, 1366, 1251, 1593, 1479, 569, 1024, 1366, 1139, 1706, 1479, 1593,
	1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933, 1366, 1366, 1251, 569,
	569, 569, 961, 1139, 682, 1139, 1139, 1024, 1139, 1139, 569, 1139,
	1139, 455, 455, 1024, 455, 1706, 1139, 1139, 1139, 1139, 682, 1024,
	569, 1139, 1024, 1479, 1024, 1024, 1024, 684, 532, 684, 1196,
}

var serifWidths = [95]uint16{
	512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155,
	512, 682, 512, 569, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024,
	1024, 1024, 569, 569, 1155, 1155, 1155, 909, 1886, 1479, 1366, 1366,
	1479, 1251, 1139, 1479, 1479, 682, 797, 1479, 1251, 1821, 1479, 1479,
	1139, 1479, 1366, 1139, 1251, 1479, 1479, 1933, 1479, 1479, 1251, 682,
	569, 682, 961, 1024, 682, 909, 1024, 909, 1024, 909, 682, 1024,
	1024, 569, 569, 1024, 569, 1593, 1024, 1024, 1024, 1024, 682, 797,
	569, 1024, 1024, 1479, 1024, 1024, 909, 983, 410, 983, 1108,
}

// Width is the width in points of t's widest line at size points in
// Helvetica, as graphviz measures it to size the node or edge label that
// shows t: the text as the label shows it, escapes included.
func (t Text) Width(size float64) float64 {
	widest, line := 0.0, 0.0
	for _, s := range t.segs {
		parts := strings.Split(visible(s.text), "\n")
		for i, p := range parts {
			line += em(p, &sansWidths)
			if i < len(parts)-1 || s.end != "" {
				widest, line = max(widest, line), 0
			}
		}
	}
	return max(widest, line) * size
}
