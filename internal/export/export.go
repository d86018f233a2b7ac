// Package export writes the fact graph in the tabular and RDF formats
// downstream consumers load: entities.csv, statements.csv and
// csv-metadata.json (W3C CSV on the Web), graph.nt and graph.ttl.
// Exporters are pure functions from the graph to file contents, so the
// same facts always give the same bytes; writing them to out/ is the
// publish package's job.
package export

// File is one output file: a slash-separated path relative to the output
// directory, and its complete contents.
type File struct {
	Path string
	Data []byte
}
