// Package parentwatch ties a server's life to the process that started it: when the
// environment variable REALAPISERVER_STOP_ON_STDIN_EOF is set, standard input reaching EOF
// (the parent exited or closed the pipe, even after a SIGKILL) sends SIGTERM to this process,
// so its own graceful shutdown runs and no server outlives the test run.
package parentwatch

import (
	"io"
	"os"
	"syscall"
)

// EnvVar enables the watch when set to any non-empty value.
const EnvVar = "REALAPISERVER_STOP_ON_STDIN_EOF"

// Start begins watching standard input if EnvVar is set; it returns at once.
func Start() {
	if os.Getenv(EnvVar) == "" {
		return
	}
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
	}()
}
