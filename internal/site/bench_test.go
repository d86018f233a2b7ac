package site_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/site"
)

// BenchmarkFiles measures the site producer alone on a generated graph of
// 100,000 statements (17,666 entities), given the other producers' data
// files (DOT, tables, RDF; no SVGs, so no diagram is embedded). Run it
// with
//
//	go test -run '^$' -bench BenchmarkFiles -benchtime 3x ./internal/site
//
// It reports statements per second, the site's size in bytes, its number
// of files, and the largest page and search shard.
func BenchmarkFiles(b *testing.B) {
	dir := b.TempDir()
	size := corpus.ForStatements(100_000, 0)
	if err := corpus.Write(filepath.Join(dir, "facts"), size); err != nil {
		b.Fatal(err)
	}
	res := fixture.Check(b, dir, "facts")
	at := []date.Date{{Year: 2012, Prec: date.Year}}
	data, err := diagram.Files(context.Background(), res.Graph, diagram.Options{At: at})
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []func() ([]export.File, error){
		func() ([]export.File, error) { return export.Tables(res.Graph) },
		func() ([]export.File, error) { return export.RDF(res.Graph) },
	} {
		made, err := p()
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, made...)
	}
	var files []export.File
	for b.Loop() {
		files, err = site.Files(res.Graph, res.Findings, data, site.Options{Site: res.Vocab.Site, At: at})
		if err != nil {
			b.Fatal(err)
		}
	}
	m := map[string][]byte{}
	total := 0
	for _, f := range files {
		m[f.Path] = f.Data
		total += len(f.Data)
	}
	page, shard := largestFiles(m)
	b.ReportMetric(float64(len(res.Graph.Claims))*float64(b.N)/b.Elapsed().Seconds(), "statements/s")
	b.ReportMetric(float64(total), "site-bytes")
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(len(m[page])), "largest-page-bytes")
	b.ReportMetric(float64(len(m[shard])), "largest-shard-bytes")
	b.Logf("%d entities, %d statements: %d files, %d bytes; largest page %s, largest shard %s; manifest %d bytes",
		len(res.Graph.Entities), len(res.Graph.Claims), len(files), total, page, shard, len(m["search/index.js"]))
}
