package export

import (
	"os"

	"golang.org/x/sys/unix"
)

// widenPipe asks for a 1 MiB pipe (the default is 64 KiB; 1 MiB is what an
// unprivileged process may ask): fewer wake-ups between DuckDB's writes and
// the server's reads.
func widenPipe(f *os.File) {
	if rc, err := f.SyscallConn(); err == nil {
		rc.Control(func(fd uintptr) { unix.FcntlInt(fd, unix.F_SETPIPE_SZ, 1<<20) })
	}
}
