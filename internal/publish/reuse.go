package publish

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
)

// A file of the new tree that is, byte for byte, the file at the same
// path of the tree it replaces is not written again: the published file
// is hard-linked into the stage. A rebuild after a one-file change then
// writes only what changed, and syncing the stage flushes directory
// entries instead of the whole site. The new tree is still swapped in
// as a whole, and nothing is ever written into a published file, so
// sharing its inode is safe; removing the old tree only drops a link.
//
// The comparison runs as the new content is written, a chunk at a time,
// so a large file streamed through Create is compared without being held
// in memory. At the first difference the equal prefix is copied from the
// old file into a new one and writing goes on there.

// compareChunk is how much of the old file is read per comparison.
const compareChunk = 64 << 10

// openPrev opens the parent directory for reusing the files of the
// published tree, if there is one that Publish wrote. Without it every
// file is written.
func (st *Stage) openPrev() {
	m, err := os.Lstat(filepath.Join(st.parent, st.base, Marker))
	if err != nil || !m.Mode().IsRegular() {
		return
	}
	parent, err := os.OpenRoot(st.parent)
	if err != nil {
		return
	}
	st.parentRoot, st.prevMode = parent, m.Mode().Perm()
}

// Reused is the number of files taken unchanged from the tree being
// replaced.
func (st *Stage) Reused() int { return st.reused }

// reusable opens the published file at p if it could be the new one: a
// regular file with the mode this package gave the files of that tree
// (its Marker's, which depends on the umask), so that a file made
// read-only or executable by hand is written afresh. Open follows a
// symlink inside the parent; link then finds that the path is not the
// file opened, and a copy is written.
func (st *Stage) reusable(p string) *os.File {
	if st.parentRoot == nil {
		return nil
	}
	f, err := st.parentRoot.Open(filepath.Join(st.base, filepath.FromSlash(p)))
	if err != nil {
		return nil
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != st.prevMode {
		f.Close()
		return nil
	}
	return f
}

// sameFile is a file of the stage that is the published file old for as
// long as what is written matches it.
type sameFile struct {
	st  *Stage
	p   string
	old *os.File
	n   int64      // bytes written so far, all equal to old's
	buf []byte     // for reading old
	w   *stageFile // the new file, once the content differs
}

func (s *sameFile) Write(b []byte) (int, error) {
	if s.w != nil {
		return s.w.Write(b)
	}
	if s.buf == nil {
		s.buf = make([]byte, compareChunk)
	}
	for off := 0; off < len(b); {
		chunk := b[off:min(len(b), off+compareChunk)]
		got, err := io.ReadFull(s.old, s.buf[:len(chunk)])
		if err != nil || !bytes.Equal(s.buf[:got], chunk) {
			if err := s.diverge(); err != nil {
				return off, err
			}
			n, err := s.w.Write(b[off:])
			return off + n, err
		}
		off += len(chunk)
		s.n += int64(len(chunk))
	}
	return len(b), nil
}

// diverge starts the new file with the prefix written so far, copied
// from the old file.
func (s *sameFile) diverge() error {
	defer func() { s.old.Close(); s.old = nil }()
	w, err := s.st.newFile(s.p)
	if err != nil {
		return err
	}
	s.w = w
	if _, err := s.old.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.CopyN(w, s.old, s.n); err != nil {
		return err
	}
	return nil
}

// Close links the old file into the stage if all of it was written, and
// finishes the new file otherwise.
func (s *sameFile) Close() error {
	if s.w == nil {
		var one [1]byte
		if _, err := s.old.Read(one[:]); errors.Is(err, io.EOF) && s.link() == nil {
			s.old.Close()
			s.st.reused++
			return nil
		}
		if err := s.diverge(); err != nil {
			if s.w != nil {
				s.w.Close()
			}
			return err
		}
	}
	return s.w.Close()
}

// link hard-links the old file into the stage and checks that the link
// is the file that was compared; on any failure (another file system, a
// file system without hard links) the caller writes a copy.
func (s *sameFile) link() error {
	if err := s.st.mkdirs(s.p); err != nil {
		return err
	}
	newName := path.Join(filepath.Base(s.st.dir), s.p)
	if err := s.st.parentRoot.Link(path.Join(s.st.base, s.p), newName); err != nil {
		return err
	}
	info, err := s.st.root.Lstat(filepath.FromSlash(s.p))
	old, oerr := s.old.Stat()
	if err != nil || oerr != nil || !os.SameFile(info, old) {
		s.st.root.Remove(filepath.FromSlash(s.p))
		return errors.New("the link is not the file compared")
	}
	return nil
}
