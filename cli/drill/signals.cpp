// Signal handlers that only set flags.
#include "cli/drill/signals.h"

#include <array>

namespace firedrill::cli::drill {
namespace {

SignalFlags g_flags;

constexpr std::array kSignals = {SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP, SIGPIPE};
std::array<struct sigaction, kSignals.size()> g_previous{};
std::array<bool, kSignals.size()> g_installed{};

extern "C" void on_signal(int signo) {
  switch (signo) {
    case SIGINT:
      g_flags.interrupt = 1;
      break;
    case SIGTERM:
    case SIGHUP:
      g_flags.terminate = 1;
      break;
    case SIGWINCH:
      g_flags.resize = 1;
      break;
    case SIGTSTP:
      g_flags.stop = 1;
      break;
    default:
      break;
  }
}

}  // namespace

SignalFlags& signal_flags() {
  return g_flags;
}

void install_signal_handlers(bool job_control) {
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    if (kSignals[i] == SIGTSTP && !job_control) continue;
    struct sigaction action {};
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a signal wakes poll()
    action.sa_handler = kSignals[i] == SIGPIPE ? SIG_IGN : &on_signal;
    g_installed[i] = sigaction(kSignals[i], &action, &g_previous[i]) == 0;
  }
}

void restore_signal_handlers() {
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    if (g_installed[i]) sigaction(kSignals[i], &g_previous[i], nullptr);
    g_installed[i] = false;
  }
}

void stop_process() {
  struct sigaction dfl {
  }, ours{};
  sigemptyset(&dfl.sa_mask);
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGTSTP, &dfl, &ours);
  std::raise(SIGTSTP);  // stops here until SIGCONT
  sigaction(SIGTSTP, &ours, nullptr);
}

}  // namespace firedrill::cli::drill
