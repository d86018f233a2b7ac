package export

import (
	"slices"
	"strings"
)

// File is one output file: a slash-separated path relative to the output
// directory, and its complete contents.
type File struct {
	Path string
	Data []byte
}

// Collect gathers the files a streaming producer hands to emit, sorted
// by path: the producers write out/ a file at a time, and tests and
// small callers want the whole set.
func Collect(produce func(emit func(File) error) error) ([]File, error) {
	var files []File
	if err := produce(func(f File) error {
		files = append(files, f)
		return nil
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}
