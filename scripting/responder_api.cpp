// The API a responder bot sees (docs/lua-api.md, "Responder bots"):
// scheduling shared with fault scripts (scheduling_api.cpp; `on` limited to
// the kinds visible_to_trainees), the trainees' actions, and read-only
// queries of what a responder can see: alerts, incidents, metrics, logs, the
// change log. Never the ground truth: no fault events, no fault state.
//
// An action function turns its arguments into words, builds the action's
// text with quote_word, parses it with parse_action (a malformed action is a
// Lua error at the call) and submits it; the desk applies it at the end of
// the instant (sim/run/session.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "scripting/api_common.h"
#include "scripting/lua_args.h"
#include "scripting/responder_host.h"
#include "scripting/sandbox.h"
#include "sim/alerting/alert_monitor.h"
#include "sim/paging/pager.h"
#include "sim/response/visibility.h"

namespace firedrill::scripting {
namespace {

ResponderHost& responder(lua_State* L) {
  return ResponderHost::of(L);
}

// --- Actions ---

// The most words an action takes after its verb (flag NAME on|off SERVICE).
constexpr int kMaxWords = 8;
// The text of one action, and of all the bot's actions in a run (as for a
// fault script's log lines and injects, fault_api.cpp).
constexpr std::size_t kMaxActionBytes = 4096;
constexpr std::size_t kMaxScriptTextBytes = 64u << 20;

void check_arity(lua_State* L, const char* call, int expected) {
  const int got = lua_gettop(L);
  if (got != expected) {
    luaL_error(L, "%s takes %d argument%s, got %d", call, expected, expected == 1 ? "" : "s", got);
  }
}

// Makes the argument at `index` a word of the action: a string as it is, a
// number as its text (a whole number as an integer: 6, not 6.0). The text
// replaces the value on the stack, which keeps it alive. A word is one line:
// action logs are line by line.
void to_word(lua_State* L, int index, const char* call, const char* what) {
  switch (lua_type(L, index)) {
    case LUA_TSTRING:
      break;
    case LUA_TNUMBER: {
      char text[64];
      if (lua_isinteger(L, index)) {
        std::snprintf(text, sizeof text, "%lld", static_cast<long long>(lua_tointeger(L, index)));
      } else {
        const double v = static_cast<double>(lua_tonumber(L, index));
        if (!std::isfinite(v)) luaL_error(L, "%s: %s must be a finite number", call, what);
        if (v == std::floor(v) && std::fabs(v) < 9.0e15) {
          std::snprintf(text, sizeof text, "%.0f", v);
        } else {
          std::snprintf(text, sizeof text, "%.14g", v);
        }
      }
      lua_pushstring(L, text);
      lua_replace(L, index);
      break;
    }
    default:
      luaL_error(L, "%s: %s must be a string or a number, got %s", call, what,
                 lua_isnoneornil(L, index) ? "nothing" : luaL_typename(L, index));
  }
  std::size_t size = 0;
  const char* text = lua_tolstring(L, index, &size);
  for (std::size_t i = 0; i < size; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      luaL_error(L, "%s: %s must be one line of text, without newlines or control characters", call,
                 what);
    }
  }
}

// Submits "VERB WORDS..." (the words at stack indices first..first+count-1,
// made by to_word) as the bot's action. A malformed action is a Lua error.
void submit_words(lua_State* L, const char* verb, int first, int count) {
  const char* words[kMaxWords];
  std::size_t sizes[kMaxWords];
  std::size_t total = 0;
  for (int i = 0; i < count; ++i) {
    words[i] = lua_tolstring(L, first + i, &sizes[i]);
    total += sizes[i];
  }
  // Actions are text in the run (events, the action log): bounded per action
  // and per run like a fault script's log lines and injects.
  if (total > kMaxActionBytes) {
    luaL_error(L, "%s: the action is %d bytes long; at most %d", verb, static_cast<int>(total),
               static_cast<int>(kMaxActionBytes));
  }
  ResponderHost& h = responder(L);
  h.text_bytes += total;
  if (h.text_bytes > kMaxScriptTextBytes) {
    luaL_error(L,
               "%s: the bot has written more than %d MiB of actions into this run; that is the "
               "limit",
               verb, static_cast<int>(kMaxScriptTextBytes >> 20));
  }
  guarded(L, [&] {
    std::string text = verb;
    for (int i = 0; i < count; ++i) {
      text += ' ';
      text += quote_word(std::string_view(words[i], sizes[i]));
    }
    Action action;
    try {
      action = parse_action(text);
    } catch (const ActionSyntaxError& e) {
      // Messages mostly start with the verb already ("severity: SEV-1, ...").
      std::string message = e.what();
      const std::string name = verb;
      if (message.rfind(name + ":", 0) != 0 && message.rfind(name + " ", 0) != 0) {
        message = name + ": " + message;
      }
      throw std::invalid_argument(message);
    }
    action.actor = h.actor;
    if (h.submit) h.submit(std::move(action));
  });
}

// An action whose words are its arguments, all required.
int simple_action(lua_State* L, const char* verb, int arity, const char* const (&what)[kMaxWords]) {
  check_arity(L, verb, arity);
  for (int i = 0; i < arity; ++i) to_word(L, i + 1, verb, what[i]);
  submit_words(L, verb, 1, arity);
  return 0;
}

int api_ack(lua_State* L) {
  check_arity(L, "ack", 1);
  if (lua_type(L, 1) == LUA_TTABLE) {
    // A page or incident_* event (field `incident`), or an entry of incidents() (`id`).
    if (lua_getfield(L, 1, "incident") == LUA_TNIL) {
      lua_pop(L, 1);
      if (lua_getfield(L, 1, "id") == LUA_TNIL) {
        luaL_error(L,
                   "ack: this table has no 'incident' field (pass an incident number, a page or "
                   "incident_* event, or an entry of incidents())");
      }
    }
    lua_replace(L, 1);
  }
  to_word(L, 1, "ack", "the incident");
  submit_words(L, "ack", 1, 1);
  return 0;
}

int api_declare(lua_State* L) {
  return simple_action(L, "declare", 1, {"the title"});
}
int api_severity(lua_State* L) {
  return simple_action(L, "severity", 1, {"the severity"});
}
int api_role(lua_State* L) {
  return simple_action(L, "role", 2, {"the role", "the person"});
}
int api_escalate(lua_State* L) {
  return simple_action(L, "escalate", 1, {"the team"});
}
int api_investigate(lua_State* L) {
  return simple_action(L, "investigate", 1, {"the service"});
}
int api_status(lua_State* L) {
  return simple_action(L, "status", 1, {"the text"});
}
int api_rootcause(lua_State* L) {
  return simple_action(L, "rootcause", 2, {"the service", "the fault"});
}
int api_resolve(lua_State* L) {
  return simple_action(L, "resolve", 0, {});
}

// mitigate(ACTION, [WORDS...,] SERVICE), the words in the vocabulary's order.
int api_mitigate(lua_State* L) {
  const int n = lua_gettop(L);
  if (n < 2) {
    luaL_error(L,
               "mitigate needs the mitigation and the service, e.g. mitigate(\"rollback\", "
               "\"checkout\") or mitigate(\"scale\", 6, \"checkout\")");
  }
  if (n > kMaxWords) luaL_error(L, "mitigate takes at most %d arguments, got %d", kMaxWords, n);
  for (int i = 1; i <= n; ++i) {
    char what[32];
    std::snprintf(what, sizeof what, "argument %d", i);
    to_word(L, i, "mitigate", what);
  }
  submit_words(L, "mitigate", 1, n);
  return 0;
}

// silence{label = "value", ...}: the equality matchers, in label order.
void matchers_from_table(lua_State* L, int index) {
  constexpr int kMaxMatchers = 32;
  const char* names[kMaxMatchers];
  const char* values[kMaxMatchers];
  std::size_t value_sizes[kMaxMatchers];
  int count = 0;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING) {
      luaL_error(L,
                 "silence: matchers are label names with string values, like "
                 "{alertname = \"HighLatency\", service = \"checkout\"}");
    }
    if (count == kMaxMatchers) luaL_error(L, "silence: at most %d matchers", kMaxMatchers);
    names[count] = lua_tostring(L, -2);
    values[count] = lua_tolstring(L, -1, &value_sizes[count]);
    ++count;
    lua_pop(L, 1);
  }
  if (count == 0) luaL_error(L, "silence: the matchers table is empty");
  char text[1024];
  guarded(L, [&] {
    std::vector<int> order(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) order[static_cast<std::size_t>(i)] = i;
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return std::strcmp(names[a], names[b]) < 0; });
    std::string matchers;
    for (int i : order) {
      if (!matchers.empty()) matchers += ',';
      matchers += names[i];
      matchers += "=\"";
      for (char c : std::string_view(values[i], value_sizes[i])) {
        if (c == '"' || c == '\\') matchers += '\\';
        matchers += c;
      }
      matchers += '"';
    }
    if (matchers.size() >= sizeof text) throw std::invalid_argument("silence: matchers too long");
    copy_message(text, matchers);
  });
  lua_pushstring(L, text);
  lua_replace(L, index);
}

int api_silence(lua_State* L) {
  check_arity(L, "silence", 2);
  if (lua_type(L, 1) == LUA_TTABLE) matchers_from_table(L, 1);
  to_word(L, 1, "silence", "the matchers");
  if (lua_type(L, 2) == LUA_TNUMBER) {
    // A number of seconds, as durations are elsewhere in the API.
    const SimTime duration = check_duration(L, 2, "silence: the duration");
    char text[1024];
    guarded(L, [&] { copy_message(text, format_duration(duration)); });
    lua_pushstring(L, text);
    lua_replace(L, 2);
  }
  to_word(L, 2, "silence", "the duration");
  submit_words(L, "silence", 1, 2);
  return 0;
}

// --- Queries: only what a responder can see ---

void set_string(lua_State* L, const char* field, std::string_view value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, field);
}
void set_number(lua_State* L, const char* field, double value) {
  lua_pushnumber(L, static_cast<lua_Number>(value));
  lua_setfield(L, -2, field);
}
void set_integer(lua_State* L, const char* field, long long value) {
  lua_pushinteger(L, static_cast<lua_Integer>(value));
  lua_setfield(L, -2, field);
}
void push_labels(lua_State* L, const Labels& labels) {
  lua_createtable(L, 0, static_cast<int>(labels.size()));
  for (const auto& [name, value] : labels) {
    lua_pushlstring(L, value.data(), value.size());
    lua_setfield(L, -2, name.c_str());
  }
}

// alerts(): the pending and firing alerts now, in rule order.
int api_alerts(lua_State* L) {
  ResponderHost& h = responder(L);
  const AlertMonitor* monitor = h.sim.alerts();
  guarded(L, [&] {
    h.alerts_scratch.clear();
    if (monitor != nullptr) h.alerts_scratch = monitor->active_alerts();
  });
  const auto n = static_cast<int>(h.alerts_scratch.size());
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; ++i) {
    const Alert& a = h.alerts_scratch[static_cast<std::size_t>(i)];
    lua_createtable(L, 0, 8);
    set_string(L, "name", promql::label_value(a.labels, "alertname"));
    set_string(L, "state", alert_state_name(a.state));
    push_labels(L, a.labels);
    lua_setfield(L, -2, "labels");
    push_labels(L, a.annotations);
    lua_setfield(L, -2, "annotations");
    set_number(L, "value", a.value);
    set_number(L, "active_since", to_seconds(a.active_at));
    if (a.fired_at >= 0) set_number(L, "firing_since", to_seconds(a.fired_at));
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

// incidents(): the pager's incidents, in trigger order (id 1, 2, ...).
int api_incidents(lua_State* L) {
  const Pager* pager = responder(L).sim.pager();
  if (pager == nullptr) {
    lua_newtable(L);
    return 1;
  }
  const std::vector<Incident>& incidents = pager->incidents();
  const auto n = static_cast<int>(incidents.size());
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; ++i) {
    const Incident& incident = incidents[static_cast<std::size_t>(i)];
    lua_createtable(L, 0, 8);
    set_integer(L, "id", incident.id);
    set_string(L, "team", incident.team);
    set_string(L, "state", incident_state_name(incident.state));
    set_string(L, "title", incident.title);
    set_integer(L, "level", incident.level + 1);
    set_number(L, "triggered_at", to_seconds(incident.triggered_at));
    if (!incident.acknowledged_by.empty()) {
      set_string(L, "acknowledged_by", incident.acknowledged_by);
    }
    if (incident.state == IncidentState::kResolved && !incident.resolved_by.empty()) {
      set_string(L, "resolved_by", incident.resolved_by);
    }
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

// metric(service, name [, labels]): as Service:metric in fault scripts.
int api_metric(lua_State* L) {
  const std::uint32_t s = check_service(L, 1, "metric: the service");
  return push_metric(L, s, 2, 3);
}

// logs(service [, since]): the service's log lines (of the last `since`).
int api_logs(lua_State* L) {
  const std::uint32_t s = check_service(L, 1, "logs: the service");
  ScriptHost& h = host(L);
  SimTime from = 0;
  if (!lua_isnoneornil(L, 2)) from = h.sim.now() - check_duration(L, 2, "logs: how far back");
  const std::vector<LogLine>& logs = h.sim.journal().logs;
  const std::string& service = h.scenario.services[s].name;
  // The journal is in time order.
  const auto first = std::lower_bound(logs.begin(), logs.end(), from,
                                      [](const LogLine& l, SimTime t) { return l.time < t; });
  lua_newtable(L);
  int n = 0;
  for (auto it = first; it != logs.end(); ++it) {
    if (it->service != service) continue;
    lua_createtable(L, 0, 4);
    set_number(L, "time", to_seconds(it->time));
    if (!it->instance.empty()) set_string(L, "instance", it->instance);
    set_string(L, "level", log_level_name(it->level));
    set_string(L, "message", it->message);
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

// changes(): the change log so far (deploys, rollbacks, config pushes).
int api_changes(lua_State* L) {
  const std::vector<ChangeEntry>& changes = host(L).sim.journal().changes;
  const auto n = static_cast<int>(changes.size());
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; ++i) {
    const ChangeEntry& c = changes[static_cast<std::size_t>(i)];
    lua_createtable(L, 0, 5);
    set_number(L, "time", to_seconds(c.time));
    set_string(L, "service", c.service);
    set_string(L, "kind", c.kind);
    set_string(L, "version", c.version);
    set_string(L, "description", c.description);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

// services(): the names of the scenario's services, in its order.
int api_services(lua_State* L) {
  const std::vector<ServiceSpec>& services = host(L).scenario.services;
  const auto n = static_cast<int>(services.size());
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; ++i) {
    const std::string& name = services[static_cast<std::size_t>(i)].name;
    lua_pushlstring(L, name.data(), name.size());
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

int timer_tostring(lua_State* L) {
  lua_pushliteral(L, "timer");
  return 1;
}

int install(lua_State* L) {
  static const luaL_Reg kGlobals[] = {{"ack", api_ack},
                                      {"declare", api_declare},
                                      {"severity", api_severity},
                                      {"role", api_role},
                                      {"escalate", api_escalate},
                                      {"investigate", api_investigate},
                                      {"mitigate", api_mitigate},
                                      {"silence", api_silence},
                                      {"status", api_status},
                                      {"rootcause", api_rootcause},
                                      {"resolve", api_resolve},
                                      {"alerts", api_alerts},
                                      {"incidents", api_incidents},
                                      {"metric", api_metric},
                                      {"logs", api_logs},
                                      {"changes", api_changes},
                                      {"services", api_services},
                                      {nullptr, nullptr}};

  // Timers, as fault scripts have them.
  luaL_newmetatable(L, kTimerType);
  lua_pushcfunction(L, timer_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_newtable(L);
  luaL_setfuncs(L, kTimerMethods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);

  lua_pushglobaltable(L);
  luaL_setfuncs(L, kSchedulingGlobals, 0);
  luaL_setfuncs(L, kGlobals, 0);
  lua_getglobal(L, "math");
  lua_getfield(L, -1, "random");
  lua_setfield(L, -3, "random");  // random() is math.random, seeded from the run's seed
  lua_pop(L, 2);
  return 0;
}

}  // namespace

void install_responder_api(lua_State* L) {
  lua_pushcfunction(L, install);
  if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
    std::string message = lua_tostring(L, -1) ? lua_tostring(L, -1) : "unknown error";
    lua_pop(L, 1);
    throw ScriptError("cannot install the responder API: " + message);
  }
}

ScriptApi responder_api() {
  ScriptApi api;
  api.install = &install_responder_api;
  api.observable = &visible_to_trainees;
  api.unobservable_reason =
      "are not visible to responders: a bot sees only what a real responder sees (alerts, "
      "pages, incidents, the change log, pod events, injects, actions), never the ground truth "
      "of the drill";
  api.random_stream = "lua:responder.random";
  return api;
}

}  // namespace firedrill::scripting
