// Signals during a drill, turned into flags the console's loop reads: Ctrl-C
// (drop the line being typed, or end a piped drill), SIGTERM and SIGHUP (a
// closed SSH session: end the drill and finish the recording), SIGWINCH (the
// terminal was resized), SIGTSTP and SIGCONT (Ctrl-Z, fg).
#pragma once

#include <csignal>

namespace firedrill::cli::drill {

struct SignalFlags {
  volatile std::sig_atomic_t interrupt = 0;  // SIGINT
  volatile std::sig_atomic_t terminate = 0;  // SIGTERM, SIGHUP
  volatile std::sig_atomic_t resize = 0;     // SIGWINCH
  volatile std::sig_atomic_t stop = 0;       // SIGTSTP
};

// The flags the handlers set (one set per process).
SignalFlags& signal_flags();

// Installs the handlers (without SA_RESTART, so that poll() returns). SIGTSTP
// is caught only if `job_control` (an interactive drill); SIGPIPE is ignored.
void install_signal_handlers(bool job_control);
// Puts back the handlers there were before.
void restore_signal_handlers();

// Stops the process as the default SIGTSTP action would, then returns once
// it is continued (fg), with the handler back in place.
void stop_process();

}  // namespace firedrill::cli::drill
