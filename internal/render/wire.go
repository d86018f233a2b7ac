package render

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/factgraph/factgraph/internal/safetext"
)

// The protocol between the parent and factgraph-render is a header line
// on each side, then a stream of frames:
//
//	request  = Protocol SP limits LF { "dot" frame }
//	limits   = "job-timeout-ms=" n SP "timeout-ms=" n SP "memory=" n
//	response = Protocol LF { "svg" | "error" | "limit" frame }
//	frame    = kind SP decimal-length LF bytes
//
// The parent sends one request at a time, and the next only once the
// child has answered, so that it always knows which job the child is on
// when it has to stop it, and closes the child's stdin only after the
// last answer. The child therefore reads the end of its input while it
// has a job in hand only when the parent is gone, and then exits at
// once. The limits are the parent's (Limits, zero for none); the child
// enforces them on itself too, so that they hold when the parent has
// been killed.
const Protocol = "factgraph-render/2"

// AnswerHeader is the child's header line.
const AnswerHeader = Protocol + "\n"

// Frame kinds.
const (
	KindDOT   = "dot"   // request: one DOT graph
	KindSVG   = "svg"   // answer: the SVG
	KindError = "error" // answer: graphviz failed on the graph; the message
	KindLimit = "limit" // answer: the graph is over a size limit; the message
)

// Limits are the limits of one child, sent in the request header. Zero
// is no limit.
type Limits struct {
	JobTimeout time.Duration // longest time one graph may take
	Timeout    time.Duration // longest time the whole run may take
	Memory     int64         // bytes of memory the child may use
}

// WriteRequestHeader writes the parent's header line.
func WriteRequestHeader(w io.Writer, l Limits) error {
	_, err := fmt.Fprintf(w, "%s job-timeout-ms=%d timeout-ms=%d memory=%d\n",
		Protocol, millis(l.JobTimeout), millis(l.Timeout), l.Memory)
	return err
}

// millis rounds d up to whole milliseconds, so that a limit under one
// millisecond is not sent as none.
func millis(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Millisecond - 1) / time.Millisecond)
}

// readLine reads one line of at most the reader's buffer size, so that
// the other side cannot make a line take any amount of memory. It
// returns what it read with io.EOF at the end of the stream, and with
// io.ErrUnexpectedEOF when the line is longer than the buffer.
func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return string(line), io.ErrUnexpectedEOF
	}
	return string(line), err
}

// ReadRequestHeader reads and checks the parent's header line.
func ReadRequestHeader(r *bufio.Reader) (Limits, error) {
	line, err := readLine(r)
	if err != nil && line == "" {
		return Limits{}, io.ErrUnexpectedEOF
	}
	fields := strings.Fields(line)
	if !strings.HasSuffix(line, "\n") || len(fields) != 4 || fields[0] != Protocol {
		return Limits{}, fmt.Errorf("%w: got %q, want %q and the limits", ErrProtocol, safetext.Truncate(line, 80), Protocol)
	}
	var n [3]int64
	for i, name := range []string{"job-timeout-ms", "timeout-ms", "memory"} {
		value, ok := strings.CutPrefix(fields[i+1], name+"=")
		v, err := strconv.ParseInt(value, 10, 64)
		if !ok || err != nil || v < 0 || strconv.FormatInt(v, 10) != value {
			return Limits{}, fmt.Errorf("%w: malformed %s in %q", ErrProtocol, name, safetext.Truncate(line, 80))
		}
		n[i] = v
	}
	return Limits{JobTimeout: time.Duration(n[0]) * time.Millisecond, Timeout: time.Duration(n[1]) * time.Millisecond, Memory: n[2]}, nil
}

// ReadAnswerHeader reads and checks the child's header line.
func ReadAnswerHeader(r *bufio.Reader) error {
	line, err := readLine(r)
	if err != nil && line == "" {
		return io.ErrUnexpectedEOF
	}
	if line != AnswerHeader {
		return fmt.Errorf("%w: got %q, want %q", ErrProtocol, safetext.Truncate(line, 40), AnswerHeader)
	}
	return nil
}

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
	line, err := readLine(r)
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

// ErrProtocol is wrapped by errors about the other side speaking another
// protocol or version.
var ErrProtocol = errors.New("not the factgraph-render protocol")

// oneLine makes text from the child or from a graph safe for one line of
// a message, of at most about n bytes.
func oneLine(s string, n int) string {
	return safetext.Truncate(safetext.Terminal(safetext.Truncate(s, 4*n)), n)
}
