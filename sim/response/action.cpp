#include "sim/response/action.h"

#include <algorithm>
#include <cctype>

#include <fmt/core.h>

#include "sim/base/suggest.h"

namespace firedrill {
namespace {

const std::vector<VerbHelp>& table() {
  static const std::vector<VerbHelp> kVerbs = {
      {Verb::kAck, "ack", "ack INCIDENT",
       "acknowledge a paged incident (its number, as `pages` shows)"},
      {Verb::kDeclare, "declare", "declare \"TITLE\"", "declare the incident you are working on"},
      {Verb::kSeverity, "severity", "severity SEV-1..SEV-4",
       "set the incident's severity (SEV-1 is the worst)"},
      {Verb::kRole, "role", "role commander|comms|ops|scribe NAME",
       "give someone an incident role"},
      {Verb::kEscalate, "escalate", "escalate TEAM", "page another team's on-call"},
      {Verb::kInvestigate, "investigate", "investigate SERVICE",
       "look into a service (its dashboard and logs)"},
      {Verb::kMitigate, "mitigate",
       "mitigate restart|rollback|failover|drain|undrain SERVICE, mitigate scale N SERVICE, "
       "mitigate rate-limit R/s|off SERVICE, mitigate flag NAME on|off SERVICE",
       "change the system to stop the impact"},
      {Verb::kSilence, "silence", "silence MATCHERS DURATION",
       "silence matching alerts, e.g. silence 'alertname=\"HighLatency\"' 1h"},
      {Verb::kStatus, "status", "status \"TEXT\"", "post a status update for stakeholders"},
      {Verb::kRootCause, "rootcause", "rootcause SERVICE FAULT",
       "name the root cause, e.g. rootcause checkout memory-leak"},
      {Verb::kResolve, "resolve", "resolve", "declare the incident over"},
  };
  return kVerbs;
}

const VerbHelp& help_of(Verb verb) {
  for (const VerbHelp& h : table()) {
    if (h.verb == verb) return h;
  }
  return table().front();
}

[[noreturn]] void fail(Verb verb, const std::string& message) {
  throw ActionSyntaxError(message + " (usage: " + std::string(help_of(verb).usage) + ")");
}

std::vector<std::string> as_strings(const std::vector<std::string_view>& words) {
  return {words.begin(), words.end()};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_count(std::string_view s) {
  return !s.empty() && s.size() <= 9 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "200/s", "200", "12.5/s", or "off".
bool is_rate(std::string_view s) {
  if (s == "off") return true;
  if (s.size() > 2 && s.substr(s.size() - 2) == "/s") s.remove_suffix(2);
  if (s.empty() || s.size() > 12) return false;
  bool dot = false, digit = false;
  for (char c : s) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      return false;
    }
  }
  return digit;
}

void require_count(Verb verb, const std::vector<std::string>& args, std::size_t n) {
  if (args.size() != n) {
    fail(verb, std::string(verb_name(verb)) + " takes " +
                   (n == 0   ? "no words"
                    : n == 1 ? "1 word"
                             : std::to_string(n) + " words") +
                   ", got " + std::to_string(args.size()));
  }
}

void check_mitigation(std::vector<std::string>& args) {
  const Verb v = Verb::kMitigate;
  if (args.empty()) fail(v, "mitigate: which mitigation?");
  const std::string& m = args[0];
  const auto& names = mitigation_names();
  if (std::find(names.begin(), names.end(), m) == names.end()) {
    fail(v, "unknown mitigation '" + m + "'" + did_you_mean(m, as_strings(names)));
  }
  std::size_t words = 2;  // the mitigation and the service
  if (m == "scale" || m == "rate-limit") words = 3;
  if (m == "flag") words = 4;
  if (args.size() != words) {
    fail(v, "mitigate " + m + " takes " + std::to_string(words - 1) + " word" +
                (words == 2 ? "" : "s") + " after it, got " + std::to_string(args.size() - 1));
  }
  if (m == "scale") {
    if (!is_count(args[1]) || std::stoi(args[1]) < 1 || std::stoi(args[1]) > 1000) {
      fail(v, "mitigate scale: the replica count must be a whole number from 1 to 1000, got '" +
                  args[1] + "'");
    }
    args[1] = std::to_string(std::stoi(args[1]));  // "03" -> "3"
  }
  if (m == "rate-limit") {
    args[1] = lower(args[1]);
    if (!is_rate(args[1])) {
      fail(v,
           "mitigate rate-limit: the limit must be requests per second like 200/s, or off, got '" +
               args[1] + "'");
    }
    if (args[1] != "off") {
      std::string number = args[1];
      if (number.size() > 2 && number.substr(number.size() - 2) == "/s")
        number.resize(number.size() - 2);
      const double rate = std::stod(number);
      if (!(rate > 0)) {
        fail(v, "mitigate rate-limit: the limit must be more than 0 (off removes it), got '" +
                    args[1] + "'");
      }
      // One spelling per rate: "200", "200.0/s" and "200/s" are "200/s".
      args[1] = fmt::format("{}/s", rate);
    }
  }
  if (m == "flag") {
    args[2] = lower(args[2]);
    if (args[2] != "on" && args[2] != "off") {
      fail(v, "mitigate flag: the state must be on or off, got '" + args[2] + "'");
    }
  }
}

}  // namespace

std::string_view verb_name(Verb verb) {
  return help_of(verb).name;
}

const std::vector<VerbHelp>& verb_help() {
  return table();
}

const std::vector<std::string_view>& mitigation_names() {
  static const std::vector<std::string_view> kNames = {
      "restart", "rollback", "scale", "failover", "drain", "undrain", "rate-limit", "flag"};
  return kNames;
}

const std::vector<std::string_view>& role_names() {
  static const std::vector<std::string_view> kNames = {"commander", "comms", "ops", "scribe"};
  return kNames;
}

const std::vector<std::string_view>& fault_kinds() {
  static const std::vector<std::string_view> kKinds = {"outage",
                                                       "crash",
                                                       "latency",
                                                       "errors",
                                                       "memory-leak",
                                                       "cpu-saturation",
                                                       "partition",
                                                       "bad-deploy",
                                                       "config-change",
                                                       "traffic-spike",
                                                       "retry-storm",
                                                       "capacity",
                                                       "dependency-failure",
                                                       "certificate-expiry",
                                                       "dns-failure",
                                                       "cold-cache",
                                                       "connection-pool-exhaustion",
                                                       "disk-full",
                                                       "noisy-neighbour"};
  return kKinds;
}

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (i < n) {
    while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= n) break;
    std::string word;
    bool quoted_any = false;
    while (i < n && line[i] != ' ' && line[i] != '\t') {
      if (line[i] == '"') {
        quoted_any = true;
        ++i;
        bool closed = false;
        while (i < n) {
          if (line[i] == '\\' && i + 1 < n && (line[i + 1] == '"' || line[i + 1] == '\\')) {
            word += line[i + 1];
            i += 2;
          } else if (line[i] == '"') {
            closed = true;
            ++i;
            break;
          } else {
            word += line[i++];
          }
        }
        if (!closed) throw ActionSyntaxError("unterminated quote: a \" is missing its closing \"");
      } else if (line[i] == '\'') {
        // Single quotes keep everything up to the next one, as in a shell.
        quoted_any = true;
        const std::size_t close = line.find('\'', i + 1);
        if (close == std::string_view::npos) {
          throw ActionSyntaxError("unterminated quote: a ' is missing its closing '");
        }
        word += line.substr(i + 1, close - i - 1);
        i = close + 1;
      } else {
        word += line[i++];
      }
    }
    if (!word.empty() || quoted_any) words.push_back(std::move(word));
  }
  return words;
}

std::string quote_word(std::string_view word) {
  const bool plain = !word.empty() && word.find_first_of(" \t\"\\'") == std::string_view::npos;
  if (plain) return std::string(word);
  std::string out = "\"";
  for (char c : word) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Action::text() const {
  std::string out(verb_name(verb));
  for (const std::string& a : args) out += " " + quote_word(a);
  return out;
}

Action parse_action(std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      throw ActionSyntaxError(
          "an action is one line of printable text; it has a control character "
          "(code " +
          std::to_string(u) + ")");
    }
  }
  std::vector<std::string> words = split_words(text);
  if (words.empty()) throw ActionSyntaxError("empty action");
  const std::string name = lower(words[0]);
  const VerbHelp* found = nullptr;
  for (const VerbHelp& h : table()) {
    if (h.name == name) found = &h;
  }
  if (!found) {
    std::vector<std::string> names;
    for (const VerbHelp& h : table()) names.emplace_back(h.name);
    throw ActionSyntaxError("unknown action '" + words[0] + "'" + did_you_mean(name, names));
  }
  Action action;
  action.verb = found->verb;
  action.args.assign(words.begin() + 1, words.end());
  std::vector<std::string>& args = action.args;
  const Verb v = action.verb;
  switch (v) {
    case Verb::kAck: {
      require_count(v, args, 1);
      std::string id = args[0];
      if (!id.empty() && id[0] == '#') id.erase(0, 1);
      if (!is_count(id) || std::stoi(id) < 1) {
        fail(v, "ack: the incident is its number, like 3 or #3, got '" + args[0] + "'");
      }
      args[0] = std::to_string(std::stoi(id));
      break;
    }
    case Verb::kDeclare:
    case Verb::kStatus:
      if (args.empty()) fail(v, std::string(verb_name(v)) + ": the text is missing");
      if (args.size() > 1) {
        // Unquoted text: the words joined back, as a person would mean it.
        std::string joined;
        for (const std::string& w : args) joined += (joined.empty() ? "" : " ") + w;
        args = {joined};
      }
      if (args[0].empty()) fail(v, std::string(verb_name(v)) + ": the text is empty");
      break;
    case Verb::kSeverity: {
      require_count(v, args, 1);
      std::string s = lower(args[0]);
      if (s.rfind("sev-", 0) == 0) {
        s.erase(0, 4);
      } else if (s.rfind("sev", 0) == 0) {
        s.erase(0, 3);
      }
      if (s.size() != 1 || s[0] < '1' || s[0] > '4') {
        fail(v, "severity: SEV-1, SEV-2, SEV-3 or SEV-4, got '" + args[0] + "'");
      }
      args[0] = "SEV-" + s;
      break;
    }
    case Verb::kRole: {
      require_count(v, args, 2);
      args[0] = lower(args[0]);
      const auto& roles = role_names();
      if (std::find(roles.begin(), roles.end(), args[0]) == roles.end()) {
        fail(v, "unknown role '" + args[0] + "'" + did_you_mean(args[0], as_strings(roles)));
      }
      break;
    }
    case Verb::kEscalate:
    case Verb::kInvestigate:
      require_count(v, args, 1);
      break;
    case Verb::kMitigate:
      check_mitigation(args);
      break;
    case Verb::kSilence:
      require_count(v, args, 2);
      break;
    case Verb::kRootCause: {
      require_count(v, args, 2);
      args[1] = lower(args[1]);
      const auto& kinds = fault_kinds();
      if (std::find(kinds.begin(), kinds.end(), args[1]) == kinds.end()) {
        fail(v, "unknown fault kind '" + args[1] + "'" + did_you_mean(args[1], as_strings(kinds)));
      }
      break;
    }
    case Verb::kResolve:
      require_count(v, args, 0);
      break;
  }
  return action;
}

}  // namespace firedrill
