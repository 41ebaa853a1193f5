// The drill console's event loop: paces the run to the wall clock, prints
// the events a responder can see as they happen, and reads and carries out
// commands (views, pacing, and actions, applied with RunSession::apply so
// that replaying the action log gives back the same recording).
//
// Each turn of the loop: advance the session to the paced target (at most a
// simulated minute at a time, so that input stays responsive), print the new
// visible events, then poll stdin until the next tick (50 ms of wall time).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "cli/drill/commands.h"
#include "cli/drill/line_input.h"
#include "cli/drill/pacing.h"
#include "cli/drill/style.h"
#include "sim/run/session.h"
#include "sim/scenario/scenario.h"

namespace firedrill::cli::drill {

struct ConsoleOptions {
  std::string actor = "trainee";  // whose actions these are
  double speed = 1;               // simulated seconds per wall-clock second
  Style style;
};

// Why the drill ended.
enum class DrillEnd {
  kQuit,           // `quit`
  kEndOfInput,     // Ctrl-D, or the end of piped input
  kScenarioEnded,  // the run reached its planned end
  kFailed,         // the run failed (a script error)
  kSignal,         // SIGTERM or SIGHUP (a closed SSH session)
};

class Console {
 public:
  // `session` must be started; `scenario` is the session's.
  Console(RunSession& session, const Scenario& scenario, LineInput& input, ConsoleOptions options);

  // Runs the drill until it ends. Does not finish the session.
  DrillEnd run();

  // Names Tab may complete to, as the run is now.
  CompletionContext completion_context() const;

 private:
  void advance();
  // Waits up to `timeout_ms` for input and handles (or queues) its lines.
  void read_input(int timeout_ms);
  void print(const Lines& lines);
  void print(const Line& line) { print(Lines{line}); }
  void flush_feed();
  void handle_signals();
  void handle_line(const std::string& line);
  void handle_action(const std::string& line);
  // Checks a service name; prints why not (with a did-you-mean) if unknown.
  std::optional<ServiceIndex> service_named(const std::string& name);
  void run_queued_lines();
  void update_prompt(bool now);
  std::string prompt() const;
  std::string clock() const;

  RunSession& session_;
  const Scenario& scenario_;
  LineInput& input_;
  ConsoleOptions options_;
  PaceClock pace_;
  std::size_t next_event_ = 0;
  std::optional<DrillEnd> end_;
  // `wait`: lines typed meanwhile wait here until the run reaches wait_until_.
  std::optional<SimTime> wait_until_;
  std::deque<std::string> queued_;
  bool input_closed_ = false;  // Ctrl-D or the end of the pipe: end once idle
  bool warned_behind_ = false;
  bool behind_ = false;              // the last advance stopped short of the paced time
  std::int64_t prompt_updated_ = 0;  // wall time of the last prompt change
};

}  // namespace firedrill::cli::drill
