// The drill console's loop and command dispatch.
#include "cli/drill/console.h"

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/core.h>

#include "cli/drill/dashboard.h"
#include "cli/drill/signals.h"
#include "cli/drill/views.h"
#include "sim/base/suggest.h"
#include "sim/paging/pager.h"
#include "sim/response/action.h"
#include "sim/response/visibility.h"

namespace firedrill::cli::drill {
namespace {

constexpr int kTickMs = 50;                   // wall time between advances
constexpr SimTime kMaxStep = kMinute;         // simulated time per advance, at most
constexpr WallTime kPromptEvery = 250'000;    // wall microseconds between clock redraws
constexpr WallTime kBehindAfter = 2'000'000;  // wall microseconds of lag before re-anchoring

WallTime wall_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string speed_text(double speed) {
  return fmt::format("x{:g}", speed);
}

}  // namespace

Console::Console(RunSession& session, const Scenario& scenario, LineInput& input,
                 ConsoleOptions options)
    : session_(session),
      scenario_(scenario),
      input_(input),
      options_(std::move(options)),
      pace_(wall_now(), session.sim().now(), options_.speed) {}

std::string Console::clock() const {
  return clock_text(session_.sim().now(), scenario_.start_of_day);
}

DrillEnd Console::run() {
  flush_feed();  // what happened at time 0 (the release in production)
  update_prompt(true);
  // Lines already there (a file of commands) start at time 0, not at
  // whatever time the first advance reached.
  read_input(0);
  while (!end_) {
    handle_signals();
    if (end_) break;
    advance();
    flush_feed();
    if (session_.failed()) {
      end_ = DrillEnd::kFailed;
      break;
    }
    if (session_.sim().now() >= session_.end()) {
      end_ = DrillEnd::kScenarioEnded;
      break;
    }
    run_queued_lines();
    if (end_) break;
    // Piped input is over: nothing more can come (not even a resume).
    if (input_closed_ && ((queued_.empty() && !wait_until_) || pace_.paused())) {
      end_ = DrillEnd::kEndOfInput;
      break;
    }
    update_prompt(false);
    // Still short of the paced time (a simulated minute per turn at most):
    // look at the input without waiting, and go on.
    const int timeout = behind_ ? 0 : kTickMs;
    if (input_closed_) {
      poll(nullptr, 0, timeout);
      continue;
    }
    read_input(timeout);
  }
  return *end_;
}

void Console::read_input(int timeout_ms) {
  if (end_ || input_closed_) return;
  input_.show_prompt();
  pollfd p{input_.fd(), POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return;
  std::vector<std::string> lines;
  bool open = true;
  if ((p.revents & POLLIN) != 0) {
    open = input_.read(lines);
  } else if ((p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) {
    open = false;  // the terminal went away
  }
  for (const std::string& line : lines) {
    if (wait_until_ || !queued_.empty()) {
      queued_.push_back(line);
    } else {
      handle_line(line);
    }
    if (end_) return;
  }
  if (!open) {
    input_closed_ = true;
    // Ctrl-D ends the drill where it is (piped lines held by a `wait` still
    // run first).
    if (queued_.empty() && !wait_until_) end_ = DrillEnd::kEndOfInput;
  }
}

void Console::advance() {
  behind_ = false;
  if (pace_.paused()) return;
  const WallTime wall = wall_now();
  const SimTime paced = std::min(pace_.target(wall), session_.end());
  // A `wait` stops exactly at its time, so that the lines after it apply there.
  const SimTime target = wait_until_ ? std::min(paced, *wait_until_) : paced;
  const SimTime now = session_.sim().now();
  if (target > now) session_.advance_to(std::min(target, now + kMaxStep));
  behind_ = session_.sim().now() < target;
  // Too slow for this speed: go on from here rather than race to catch up.
  const SimTime lag = paced - session_.sim().now();
  if (target == paced && lag > kMaxStep &&
      lag > static_cast<SimTime>(pace_.speed() * static_cast<double>(kBehindAfter))) {
    pace_.rebase(wall_now(), session_.sim().now());
    if (!warned_behind_) {
      warned_behind_ = true;
      print({Tone::kDim, fmt::format("(the simulation cannot keep up with {} here: it runs as "
                                     "fast as it can)",
                                     speed_text(pace_.speed()))});
    }
  }
}

void Console::print(const Lines& lines) {
  if (lines.empty()) return;
  input_.set_prompt(prompt());
  input_.print(options_.style.render(lines));
}

void Console::flush_feed() {
  const auto& events = session_.sim().journal().events;
  Lines lines;
  const FeedContext context{scenario_.start_of_day, &session_.sim()};
  for (; next_event_ < events.size(); ++next_event_) {
    const RunEvent& e = events[next_event_];
    if (!visible_to_trainees(e.kind)) continue;
    if (std::optional<Line> line = feed_line(e, context)) lines.push_back(std::move(*line));
  }
  print(lines);
}

void Console::handle_signals() {
  SignalFlags& flags = signal_flags();
  if (flags.terminate) {
    flags.terminate = 0;
    end_ = DrillEnd::kSignal;
    return;
  }
  if (flags.resize) {
    flags.resize = 0;
    input_.resized();
  }
  if (flags.interrupt) {
    flags.interrupt = 0;
    if (!input_.interactive()) {
      end_ = DrillEnd::kSignal;
      return;
    }
    input_.discard_line();
    if (wait_until_ || !queued_.empty()) {
      print({Tone::kDim, fmt::format("stopped waiting ({} queued lines dropped)", queued_.size())});
      wait_until_.reset();
      queued_.clear();
    } else {
      print({Tone::kDim, "(quit or Ctrl-D ends the drill)"});
    }
  }
  if (flags.stop) {
    flags.stop = 0;
    // Ctrl-Z: the clock stops with the process.
    const bool was_paused = pace_.paused();
    if (!was_paused) pace_.pause(wall_now(), session_.sim().now());
    input_.suspend();
    stop_process();
    if (!was_paused) pace_.resume(wall_now());
    input_.resized();
  }
}

std::string Console::prompt() const {
  std::string state;
  if (pace_.paused()) {
    state = " paused";
  } else if (wait_until_) {
    state = " waiting";
  }
  return fmt::format("[{}{}] > ", clock(), state);
}

void Console::update_prompt(bool now) {
  // The clock in the prompt is redrawn with every output, and on its own a
  // few times a second at most.
  input_.set_prompt(prompt());
  const WallTime wall = wall_now();
  if (now || wall - prompt_updated_ >= kPromptEvery) {
    prompt_updated_ = wall;
    input_.refresh();
  }
}

void Console::run_queued_lines() {
  while (!end_) {
    if (wait_until_) {
      if (session_.sim().now() < *wait_until_) return;
      wait_until_.reset();
      update_prompt(true);
    }
    if (queued_.empty()) return;
    const std::string line = std::move(queued_.front());
    queued_.pop_front();
    handle_line(line);
  }
}

std::optional<ServiceIndex> Console::service_named(const std::string& name) {
  if (const auto index = scenario_.find_service(name)) return index;
  std::vector<std::string> names;
  for (const ServiceSpec& s : scenario_.services) names.push_back(s.name);
  print({Tone::kBad, "unknown service '" + name + "'" + did_you_mean(name, names)});
  return std::nullopt;
}

void Console::handle_line(const std::string& line) {
  // Piped commands are echoed, so that the transcript reads like a session.
  if (!input_.interactive() && !line.empty()) print({Tone::kDim, "[" + clock() + "] > " + line});
  ConsoleCommand cmd;
  try {
    cmd = parse_console_line(line);
  } catch (const CommandError& e) {
    print({Tone::kBad, e.what()});
    return;
  }
  const Simulation& sim = session_.sim();
  const SimTime sod = scenario_.start_of_day;
  switch (cmd.kind) {
    case CommandKind::kEmpty:
      return;
    case CommandKind::kAction:
      handle_action(line);
      return;
    case CommandKind::kHelp:
      print(help_view(cmd.topic));
      return;
    case CommandKind::kAlerts:
      print(alerts_view(sim, sod));
      return;
    case CommandKind::kPages:
      print(pages_view(sim, sod));
      return;
    case CommandKind::kDash:
      if (const auto service = service_named(cmd.service)) {
        DashboardOptions options;
        options.start_of_day = sod;
        print(dashboard(sim, scenario_, *service, options_.style, options));
      }
      return;
    case CommandKind::kLogs:
      if (!cmd.service.empty() && !service_named(cmd.service)) return;
      print(logs_view(sim.journal(), cmd.service, cmd.since, sim.now(), sod));
      return;
    case CommandKind::kChanges:
      print(changes_view(sim.journal(), sim.now(), sod));
      return;
    case CommandKind::kIncident:
      print(incident_view(session_.desk().incident(), sim.now(), sod));
      return;
    case CommandKind::kPause:
      if (pace_.paused()) {
        print({Tone::kDim, "already paused (resume to go on)"});
      } else {
        pace_.pause(wall_now(), sim.now());
        print({Tone::kPlain, "paused at " + clock() +
                                 " (resume to go on; actions still apply, at " + clock() + ")"});
      }
      update_prompt(true);
      return;
    case CommandKind::kResume:
      if (!pace_.paused()) {
        print({Tone::kDim, "not paused"});
      } else {
        pace_.resume(wall_now());
        print({Tone::kPlain, "resumed at " + clock() + ", " + speed_text(pace_.speed())});
      }
      update_prompt(true);
      return;
    case CommandKind::kSpeed:
      pace_.set_speed(wall_now(), sim.now(), cmd.speed);
      warned_behind_ = false;
      print({Tone::kPlain,
             fmt::format(
                 "speed {}: {} simulated per second{}", speed_text(pace_.speed()),
                 short_duration(static_cast<SimTime>(pace_.speed() * static_cast<double>(kSecond))),
                 pace_.paused() ? " (paused: resume to go on)" : "")});
      return;
    case CommandKind::kWait:
      if (cmd.until_clock) {
        // When the clock shows it (after midnight for an earlier time of day).
        SimTime at = *cmd.until_clock - sod % kDay;
        if (at < 0) at += kDay;
        if (at <= sim.now()) {
          print({Tone::kDim, "it is " + clock() + " already: not waiting"});
          return;
        }
        wait_until_ = at;
      } else {
        wait_until_ = sim.now() + cmd.duration;
      }
      print({Tone::kDim, fmt::format("waiting until {}{}", clock_text(*wait_until_, sod),
                                     pace_.paused() ? " (paused: resume to go on)" : "")});
      update_prompt(true);
      return;
    case CommandKind::kQuit:
      end_ = DrillEnd::kQuit;
      return;
  }
}

void Console::handle_action(const std::string& line) {
  Action action;
  try {
    action = parse_action(line);
  } catch (const ActionSyntaxError& e) {
    print({Tone::kBad, std::string("not done: ") + e.what()});
    return;
  }
  action.actor = options_.actor;
  flush_feed();
  const Verb verb = action.verb;
  const std::string service = action.args.empty() ? "" : action.args.front();
  const ActionOutcome outcome = session_.apply(std::move(action));
  Lines lines;
  if (outcome.applied) {
    lines.push_back({Tone::kGood, clock() + "  ok: " + outcome.message});
    if (verb == Verb::kInvestigate) {
      lines.push_back({Tone::kDim, "  (dash " + service + " and logs " + service +
                                       " show what you would look at)"});
    }
  } else {
    lines.push_back({Tone::kBad, clock() + "  refused: " + outcome.message});
  }
  print(lines);
  flush_feed();
}

CompletionContext Console::completion_context() const {
  CompletionContext ctx;
  std::set<std::string> people, flags;
  for (const ServiceSpec& s : scenario_.services) {
    ctx.services.push_back(s.name);
    for (const CallSpec& c : s.calls) {
      if (!c.flag.empty()) flags.insert(c.flag);
    }
  }
  for (const TeamSpec& t : scenario_.teams) {
    ctx.teams.push_back(t.name);
    people.insert(t.members.begin(), t.members.end());
  }
  people.insert(options_.actor);
  ctx.people.assign(people.begin(), people.end());
  ctx.flags.assign(flags.begin(), flags.end());
  if (const Pager* pager = session_.sim().pager()) {
    for (const Incident& i : pager->incidents()) {
      if (i.state != IncidentState::kResolved) ctx.incidents.push_back(std::to_string(i.id));
    }
  }
  for (const RuleGroupSpec& g : scenario_.alert_rules) {
    for (const RuleSpec& r : g.rules) {
      if (r.kind == RuleSpec::Kind::kAlert) ctx.alerts.push_back(r.name);
    }
  }
  return ctx;
}

}  // namespace firedrill::cli::drill
