#include "sim/response/action_log.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include "sim/base/input_error.h"

namespace firedrill {
namespace {

SourceLocation at_line(const std::string& name, int line, int column = 1) {
  return SourceLocation{name, line, column};
}

SimTime read_time(const std::string& word, const SourceLocation& where) {
  try {
    const SimTime t = parse_duration(word);
    if (t < 0) throw InputError("a time cannot be negative");
    return t;
  } catch (const InputError& e) {
    throw InputError("bad time '" + word + "': " + e.first().message, where);
  }
}

}  // namespace

ActionLog parse_action_log(const std::string& text, const std::string& name) {
  ActionLog log;
  bool has_scenario = false, has_seed = false, has_until = false;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  SimTime last = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    std::vector<std::string> words;
    try {
      words = split_words(line);
    } catch (const ActionSyntaxError& e) {
      throw InputError(e.what(), at_line(name, number));
    }
    const std::string& key = words[0];
    const auto where = at_line(name, number, static_cast<int>(start) + 1);
    if (log.stop) throw InputError("nothing may follow the 'stop' line", where);
    if ((key == "scenario" && has_scenario) || (key == "seed" && has_seed) ||
        (key == "until" && has_until)) {
      throw InputError("'" + key + "' is given twice", where);
    }
    if (key == "scenario") {
      if (words.size() != 3) throw InputError("expected 'scenario NAME sha256:HASH'", where);
      log.scenario = words[1];
      log.scenario_hash = words[2];
      has_scenario = true;
    } else if (key == "seed") {
      if (words.size() != 2 || words[1].empty() ||
          words[1].find_first_not_of("0123456789") != std::string::npos || words[1].size() > 20) {
        throw InputError("expected 'seed N' with N a whole number", where);
      }
      try {
        log.seed = std::stoull(words[1]);
      } catch (const std::exception&) {
        throw InputError("the seed '" + words[1] + "' is too large", where);
      }
      has_seed = true;
    } else if (key == "until") {
      if (words.size() != 2) throw InputError("expected 'until DURATION'", where);
      log.until = read_time(words[1], where);
      has_until = true;
    } else if (key == "at") {
      if (!has_scenario || !has_seed || !has_until) {
        throw InputError("the 'scenario', 'seed' and 'until' lines must come before the actions",
                         where);
      }
      if (words.size() < 4) throw InputError("expected 'at TIME ACTOR ACTION...'", where);
      const SimTime t = read_time(words[1], where);
      if (t < last) {
        throw InputError(
            "actions must be in time order: " + words[1] + " comes after " + format_duration(last),
            where);
      }
      if (t > log.until) {
        throw InputError("the action at " + words[1] + " is after the end of the run (" +
                             format_duration(log.until) + ")",
                         where);
      }
      last = t;
      // The action is the rest of the line after the actor, re-quoted.
      std::string rest;
      for (std::size_t i = 3; i < words.size(); ++i) {
        rest += (i == 3 ? "" : " ") + quote_word(words[i]);
      }
      Action action;
      try {
        action = parse_action(rest);
      } catch (const ActionSyntaxError& e) {
        throw InputError(e.what(), where);
      }
      action.time = t;
      action.actor = words[2];
      log.actions.push_back(std::move(action));
    } else if (key == "stop") {
      if (words.size() != 2) throw InputError("expected 'stop TIME'", where);
      const SimTime t = read_time(words[1], where);
      if (t < last) throw InputError("'stop' comes before the last action", where);
      if (has_until && t > log.until) {
        throw InputError("'stop' is after the end of the run (" + format_duration(log.until) + ")",
                         where);
      }
      log.stop = t;
    } else {
      throw InputError("unknown line '" + key + "' (expected scenario, seed, until, at or stop)",
                       where);
    }
  }
  if (!has_scenario || !has_seed || !has_until) {
    throw InputError(
        "not a firedrill action log: the 'scenario', 'seed' and 'until' lines are "
        "missing",
        at_line(name, number > 0 ? 1 : 0));
  }
  return log;
}

ActionLog read_action_log(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read the action log '" + path + "'");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_action_log(text, path);
}

void write_action_log_header(std::ostream& out, const ActionLog& log) {
  out << "# firedrill action log: replay with `firedrill run SCENARIO --actions THIS_FILE`\n"
      << "scenario " << quote_word(log.scenario) << " " << quote_word(log.scenario_hash) << "\n"
      << "seed " << log.seed << "\n"
      << "until " << format_duration(log.until) << "\n";
}

std::string action_log_line(const Action& action) {
  return "at " + format_duration(action.time) + " " + quote_word(action.actor) + " " +
         action.text() + "\n";
}

std::string action_log_stop_line(SimTime stop) {
  return "stop " + format_duration(stop) + "\n";
}

}  // namespace firedrill
