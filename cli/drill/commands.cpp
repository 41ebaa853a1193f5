// Console command parsing and Tab completion candidates.
#include "cli/drill/commands.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include "cli/drill/pacing.h"
#include "sim/base/input_error.h"
#include "sim/base/suggest.h"
#include "sim/response/action.h"

namespace firedrill::cli::drill {
namespace {

const std::vector<CommandInfo> kCommands = {
    {CommandKind::kHelp, "help", "help [COMMAND]", "the commands, or one command's usage"},
    {CommandKind::kAlerts, "alerts", "alerts",
     "pending and firing alerts, with labels and since when"},
    {CommandKind::kPages, "pages", "pages",
     "pager incidents: team, state, who was paged and who acked"},
    {CommandKind::kDash, "dash", "dash SERVICE",
     "a service's dashboard: the last 15 minutes of its key metrics"},
    {CommandKind::kLogs, "logs", "logs [SERVICE] [--since 5m]", "recent log lines (default: 5m)"},
    {CommandKind::kChanges, "changes", "changes", "the change log: deploys and rollbacks"},
    {CommandKind::kIncident, "incident", "incident",
     "the incident you declared: severity, roles, updates"},
    {CommandKind::kPause, "pause", "pause",
     "stop the clock (actions still apply, at the paused time)"},
    {CommandKind::kResume, "resume", "resume", "start the clock again"},
    {CommandKind::kSpeed, "speed", "speed N", "run N simulated seconds per second (0.1 to 100000)"},
    {CommandKind::kWait, "wait", "wait DURATION | wait until HH:MM[:SS]",
     "hold the next commands until then (simulated time)"},
    {CommandKind::kQuit, "quit", "quit", "end the drill (Ctrl-D too)"},
};

std::vector<std::string> command_and_verb_names() {
  std::vector<std::string> names;
  for (const CommandInfo& c : kCommands) names.emplace_back(c.name);
  for (const VerbHelp& v : verb_help()) names.emplace_back(v.name);
  return names;
}

const CommandInfo* find_command(std::string_view name) {
  if (name == "exit") name = "quit";
  if (name == "?") name = "help";
  for (const CommandInfo& c : kCommands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

bool is_verb(std::string_view word) {
  for (const VerbHelp& v : verb_help()) {
    if (v.name == word) return true;
  }
  return false;
}

[[noreturn]] void usage_error(const CommandInfo& c, const std::string& why) {
  throw CommandError(why + " (usage: " + std::string(c.usage) + ")");
}

SimTime duration_arg(const CommandInfo& c, const std::string& text) {
  SimTime d = 0;
  try {
    d = parse_duration(text);
  } catch (const InputError& e) {
    usage_error(c, std::string(c.name) + ": " + e.first().message);
  }
  if (d <= 0) usage_error(c, std::string(c.name) + ": the duration must be positive");
  return d;
}

double speed_arg(const CommandInfo& c, const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
    usage_error(c, "speed: '" + text + "' is not a number");
  }
  if (value < kMinSpeed || value > kMaxSpeed) {
    usage_error(c, "speed: must be from 0.1 to 100000, got " + text);
  }
  return value;
}

// logs [SERVICE] [--since DURATION], in either order.
void parse_logs(const CommandInfo& c, const std::vector<std::string>& words, ConsoleCommand& cmd) {
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "--since" || w == "-s") {
      if (i + 1 >= words.size()) usage_error(c, "logs: --since needs a duration, e.g. 10m");
      cmd.since = duration_arg(c, words[++i]);
    } else if (w.rfind("--since=", 0) == 0) {
      cmd.since = duration_arg(c, w.substr(8));
    } else if (w.rfind("-", 0) == 0) {
      usage_error(c, "logs: unknown option '" + w + "'");
    } else if (cmd.service.empty()) {
      cmd.service = w;
    } else {
      usage_error(c, "logs: one service at a time");
    }
  }
}

}  // namespace

const std::vector<CommandInfo>& console_commands() {
  return kCommands;
}

std::optional<SimTime> parse_time_of_day(std::string_view text) {
  int parts[3] = {0, 0, 0};
  int count = 0;
  std::size_t i = 0;
  while (i <= text.size() && count < 3) {
    const std::size_t colon = std::min(text.find(':', i), text.size());
    const std::string_view part = text.substr(i, colon - i);
    if (part.size() != 2 || !std::isdigit(static_cast<unsigned char>(part[0])) ||
        !std::isdigit(static_cast<unsigned char>(part[1]))) {
      return std::nullopt;
    }
    parts[count++] = (part[0] - '0') * 10 + (part[1] - '0');
    i = colon + 1;
    if (colon == text.size()) break;
  }
  if (i <= text.size() || count < 2) return std::nullopt;  // trailing text, or no minutes
  if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  return parts[0] * kHour + parts[1] * kMinute + parts[2] * kSecond;
}

ConsoleCommand parse_console_line(std::string_view line) {
  std::vector<std::string> words;
  try {
    words = split_words(line);
  } catch (const ActionSyntaxError& e) {
    throw CommandError(e.what());
  }
  ConsoleCommand cmd;
  if (words.empty()) return cmd;
  // Verbs are case-insensitive (the action parser normalises them); so are commands.
  for (char& ch : words[0]) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (is_verb(words[0])) {
    cmd.kind = CommandKind::kAction;
    return cmd;
  }
  const CommandInfo* c = find_command(words[0]);
  if (c == nullptr) {
    throw CommandError("unknown command '" + words[0] + "'" +
                       did_you_mean(words[0], command_and_verb_names()) +
                       "; type help for the commands");
  }
  cmd.kind = c->kind;
  const std::size_t args = words.size() - 1;
  const auto arity = [&](std::size_t n) {
    if (args != n) {
      usage_error(*c, std::string(c->name) + " takes " +
                          (n == 0 ? std::string("no words") : std::to_string(n) + " word") +
                          ", got " + std::to_string(args));
    }
  };
  switch (c->kind) {
    case CommandKind::kHelp:
      if (args > 1) usage_error(*c, "help: one command at a time");
      if (args == 1) cmd.topic = words[1];
      break;
    case CommandKind::kDash:
      if (args == 0) usage_error(*c, "dash: which service?");
      arity(1);
      cmd.service = words[1];
      break;
    case CommandKind::kLogs:
      parse_logs(*c, words, cmd);
      break;
    case CommandKind::kSpeed:
      if (args == 0) usage_error(*c, "speed: how fast? e.g. speed 60");
      arity(1);
      cmd.speed = speed_arg(*c, words[1]);
      break;
    case CommandKind::kWait:
      if (args == 0) usage_error(*c, "wait: how long? e.g. wait 5m, or wait until 09:45");
      if (words[1] == "until") {
        arity(2);
        cmd.until_clock = parse_time_of_day(words[2]);
        if (!cmd.until_clock) {
          usage_error(*c, "wait until: '" + words[2] + "' is not a time of day like 09:45");
        }
        break;
      }
      arity(1);
      cmd.duration = duration_arg(*c, words[1]);
      break;
    default:
      arity(0);
      break;
  }
  return cmd;
}

namespace {

// The words of `text` so far: whole words, then the one being typed ("" if
// the text ends with a space). False inside an unterminated quote ("double"
// with backslash escapes, or 'single', as the action parser reads them).
bool words_so_far(std::string_view text, std::vector<std::string>& whole, std::string& partial) {
  char quoted = 0;
  std::string word;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted != 0) {
      if (quoted == '"' && c == '\\' && i + 1 < text.size()) {
        word += text[++i];
      } else if (c == quoted) {
        quoted = 0;
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quoted = c;
    } else if (c == ' ' || c == '\t') {
      if (!word.empty()) whole.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  partial = std::move(word);
  return quoted == 0;
}

std::vector<std::string> strings(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

// The words that may stand at position `index` after `whole[0..index)`.
std::vector<std::string> choices(const CompletionContext& ctx,
                                 const std::vector<std::string>& whole) {
  const std::size_t index = whole.size();
  if (index == 0) return command_and_verb_names();
  const std::string& first = whole[0];
  const std::vector<std::string> durations = {"1m", "5m", "15m", "30m", "1h"};
  if (first == "help" && index == 1) return command_and_verb_names();
  if ((first == "dash" || first == "investigate") && index == 1) return ctx.services;
  if (first == "logs") {
    if (index >= 2 && whole[index - 1] == "--since") return durations;
    std::vector<std::string> out = {"--since"};
    if (index == 1) out.insert(out.end(), ctx.services.begin(), ctx.services.end());
    return out;
  }
  if (first == "speed" && index == 1) return {"1", "10", "60", "600"};
  if (first == "wait" && index == 1) {
    std::vector<std::string> out = durations;
    out.push_back("until");
    return out;
  }
  if (first == "ack" && index == 1) return ctx.incidents;
  if (first == "escalate" && index == 1) return ctx.teams;
  if (first == "severity" && index == 1) return {"SEV-1", "SEV-2", "SEV-3", "SEV-4"};
  if (first == "role") {
    if (index == 1) return strings(role_names());
    if (index == 2) return ctx.people;
  }
  if (first == "rootcause") {
    if (index == 1) return ctx.services;
    if (index == 2) return strings(fault_kinds());
  }
  if (first == "silence") {
    if (index == 1) {
      std::vector<std::string> out;
      for (const std::string& a : ctx.alerts) out.push_back("alertname=" + a);
      return out;
    }
    if (index == 2) return durations;
  }
  if (first == "mitigate") {
    if (index == 1) return strings(mitigation_names());
    const std::string& m = whole[1];
    if (m == "scale" || m == "rate-limit") {
      if (index == 2 && m == "rate-limit") return {"off"};
      if (index == 3) return ctx.services;
    } else if (m == "flag") {
      if (index == 2) return ctx.flags;
      if (index == 3) return {"on", "off"};
      if (index == 4) return ctx.services;
    } else if (index == 2) {
      return ctx.services;
    }
  }
  return {};
}

}  // namespace

std::vector<std::string> completion_candidates(const CompletionContext& context,
                                               std::string_view before_cursor) {
  std::vector<std::string> whole;
  std::string partial;
  if (!words_so_far(before_cursor, whole, partial)) return {};
  std::set<std::string> out;
  for (std::string& c : choices(context, whole)) {
    if (c.rfind(partial, 0) == 0) out.insert(std::move(c));
  }
  return {out.begin(), out.end()};
}

}  // namespace firedrill::cli::drill
