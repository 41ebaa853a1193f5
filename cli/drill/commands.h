// The drill console's command line: its own commands (views, pacing, quit)
// beside the action vocabulary (sim/response/action.h), and what Tab
// completes. Pure functions of the typed text, so that they are unit-tested
// without a terminal.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/base/time.h"

namespace firedrill::cli::drill {

enum class CommandKind {
  kEmpty,     // a blank line
  kHelp,      // help [COMMAND]
  kAlerts,    // alerts
  kPages,     // pages
  kDash,      // dash SERVICE
  kLogs,      // logs [SERVICE] [--since DURATION]
  kChanges,   // changes
  kIncident,  // incident
  kPause,     // pause
  kResume,    // resume
  kSpeed,     // speed N
  kWait,      // wait DURATION, or wait until HH:MM[:SS]
  kQuit,      // quit (or exit)
  kAction,    // a verb of the action vocabulary: parse the line with parse_action
};

// A console line, parsed.
struct ConsoleCommand {
  CommandKind kind = CommandKind::kEmpty;
  std::string service;                 // dash, logs ("" = every service)
  SimTime since = 5 * kMinute;         // logs --since
  double speed = 0;                    // speed
  SimTime duration = 0;                // wait DURATION
  std::optional<SimTime> until_clock;  // wait until HH:MM[:SS]: a time of day
  std::string topic;                   // help COMMAND
};

// A line that is not a well-formed console command; what() says why.
class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The console's own commands, for help and completion.
struct CommandInfo {
  CommandKind kind;
  std::string_view name;
  std::string_view usage;
  std::string_view help;
};
const std::vector<CommandInfo>& console_commands();

// Parses a line. Returns kAction (and nothing else filled in) when the first
// word is a verb; the caller then parses the line with parse_action. Throws
// CommandError for an unknown first word (with a did-you-mean over commands
// and verbs) or a console command with bad arguments.
ConsoleCommand parse_console_line(std::string_view line);

// "09:41" or "09:41:30" as a time of day; nullopt if it is not one.
std::optional<SimTime> parse_time_of_day(std::string_view text);

// What Tab may complete to: names the run knows.
struct CompletionContext {
  std::vector<std::string> services;
  std::vector<std::string> teams;
  std::vector<std::string> people;     // team members and the trainee
  std::vector<std::string> incidents;  // ids of open pager incidents: "1", "3"
  std::vector<std::string> alerts;     // alert rule names
  std::vector<std::string> flags;      // feature flags of the services' calls
};

// The words the word being typed at the end of `before_cursor` may become,
// sorted, each starting with what is typed of it. Empty inside quotes.
std::vector<std::string> completion_candidates(const CompletionContext& context,
                                               std::string_view before_cursor);

}  // namespace firedrill::cli::drill
