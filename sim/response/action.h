// The trainees' action vocabulary (docs/actions.md): one syntax for the drill
// console, Lua responder bots and action logs.
//
//   ack INCIDENT                    acknowledge a paged incident ("3" or "#3")
//   declare "TITLE"                 open the incident the trainees work on
//   severity SEV-1..SEV-4           set its severity
//   role ROLE NAME                  commander, comms, ops or scribe
//   escalate TEAM                   page another team's on-call
//   investigate SERVICE             look at a service's dashboards and logs
//   mitigate ACTION ... SERVICE     restart | rollback | scale N | failover |
//                                   drain | undrain | rate-limit R|off |
//                                   flag NAME on|off
//   silence MATCHERS DURATION       an Alertmanager silence, e.g. 'alertname="X"' 1h
//   status "TEXT"                   a stakeholder update
//   rootcause SERVICE FAULT         name the root cause (FAULT from fault_kinds())
//   resolve                         end the declared incident
//
// Words are separated by spaces; "double quotes" keep spaces, and inside
// them a backslash escapes a quote or a backslash; 'single quotes' keep
// everything up to the next single quote, as in a shell. parse_action checks the
// shape (arity, SEV-n, role names, numbers);
// whether the named things exist is checked when the action is applied
// (sim/response/incident_desk.h).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/base/time.h"

namespace firedrill {

enum class Verb : std::uint8_t {
  kAck,
  kDeclare,
  kSeverity,
  kRole,
  kEscalate,
  kInvestigate,
  kMitigate,
  kSilence,
  kStatus,
  kRootCause,
  kResolve,
};

// One action by one trainee (or bot).
struct Action {
  SimTime time = 0;   // simulated time it was applied (set by the desk)
  std::string actor;  // who: a trainee's name, or the bot's
  Verb verb = Verb::kAck;
  // The words after the verb, normalised: "#3" -> "3", "sev-2" -> "SEV-2",
  // a mitigation's words as written ("scale", "6", "checkout").
  std::vector<std::string> args;

  // The action as one line in the vocabulary's syntax, words quoted where
  // needed: parse_action(a.text()) gives back the same verb and args.
  std::string text() const;
};

// An action that is not well formed; what() says why and shows the usage.
class ActionSyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses one action (without time or actor). Throws ActionSyntaxError.
Action parse_action(std::string_view text);

// Splits a line into words: spaces separate, "double quotes" group (a
// backslash inside escapes a quote or a backslash), 'single quotes' group
// literally. Throws
// ActionSyntaxError on an unterminated quote.
std::vector<std::string> split_words(std::string_view line);
// `word` as split_words reads it back: as is if it has no space, quote or
// backslash and is not empty, else in double quotes.
std::string quote_word(std::string_view word);

// "ack", "declare", ..., "rootcause", "resolve".
std::string_view verb_name(Verb verb);

// What each verb looks like, for `help` and completion.
struct VerbHelp {
  Verb verb;
  std::string_view name;   // "mitigate"
  std::string_view usage;  // "mitigate ACTION [ARG] SERVICE"
  std::string_view help;   // one line
};
const std::vector<VerbHelp>& verb_help();

// The mitigation words after `mitigate`: "restart", "rollback", "scale",
// "failover", "drain", "undrain", "rate-limit", "flag".
const std::vector<std::string_view>& mitigation_names();

// Roles a trainee can take: "commander", "comms", "ops", "scribe".
const std::vector<std::string_view>& role_names();

// The fault kinds `rootcause` accepts (and a scenario's incident names):
// "outage", "crash", "latency", "errors", "memory-leak", "cpu-saturation",
// "partition", "bad-deploy", "config-change", "traffic-spike", "retry-storm",
// "capacity", "dependency-failure", "certificate-expiry", "dns-failure",
// "cold-cache", "connection-pool-exhaustion", "disk-full", "noisy-neighbour".
const std::vector<std::string_view>& fault_kinds();

}  // namespace firedrill
