package export

// File is one output file: a slash-separated path relative to the output
// directory, and its complete contents.
type File struct {
	Path string
	Data []byte
}
