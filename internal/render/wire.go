package render

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/factgraph/factgraph/internal/safetext"
)

// The protocol between the parent and factgraph-render is a stream of
// frames on each side, after a header line that names the protocol and
// its version:
//
//	request  = Header { "dot" frame }             (then stdin is closed)
//	response = Header { "svg" | "error" | "limit" frame }, one per request
//	frame    = kind SP decimal-length LF bytes
//
// The child answers the requests in order and flushes after each answer,
// so the parent knows which job the child is working on when it has to
// stop it.
const Header = "factgraph-render/1\n"

// Frame kinds.
const (
	KindDOT   = "dot"   // request: one DOT graph
	KindSVG   = "svg"   // answer: the SVG
	KindError = "error" // answer: graphviz failed on the graph; the message
	KindLimit = "limit" // answer: the graph is over a size limit; the message
)

// WriteFrame writes one frame.
func WriteFrame(w io.Writer, kind string, data []byte) error {
	if _, err := fmt.Fprintf(w, "%s %d\n", kind, len(data)); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}

// ReadFrame reads one frame of at most max bytes. It returns io.EOF when
// the stream ends cleanly between frames and io.ErrUnexpectedEOF when it
// ends inside one.
func ReadFrame(r *bufio.Reader, max int) (kind string, data []byte, err error) {
	line, err := r.ReadString('\n')
	if err != nil {
		if err == io.EOF && line == "" {
			return "", nil, io.EOF
		}
		return "", nil, io.ErrUnexpectedEOF
	}
	kind, size, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
	n, err := strconv.Atoi(size)
	if !ok || err != nil || n < 0 || strconv.Itoa(n) != size {
		return "", nil, fmt.Errorf("malformed frame header %q", safetext.Truncate(line, 40))
	}
	if n > max {
		return "", nil, fmt.Errorf("%q frame of %d bytes is over the limit of %d", safetext.Truncate(kind, 40), n, max)
	}
	data = make([]byte, n)
	if _, err := io.ReadFull(r, data); err != nil {
		return "", nil, io.ErrUnexpectedEOF
	}
	return kind, data, nil
}

// ReadHeader reads and checks the header line.
func ReadHeader(r *bufio.Reader) error {
	line, err := r.ReadString('\n')
	if err != nil && line == "" {
		return io.ErrUnexpectedEOF
	}
	if line != Header {
		return fmt.Errorf("%w: got %q, want %q", ErrProtocol, safetext.Truncate(line, 40), Header)
	}
	return nil
}

// ErrProtocol is wrapped by errors about the other side speaking another
// protocol or version.
var ErrProtocol = errors.New("not the factgraph-render protocol")

// oneLine makes text from the child or from a graph safe for one line of
// a message, of at most about n bytes.
func oneLine(s string, n int) string {
	return safetext.Truncate(safetext.Terminal(safetext.Truncate(s, 4*n)), n)
}
