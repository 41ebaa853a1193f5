// The fault API a script sees (docs/lua-api.md): scheduling (at, after,
// every, on, now, random), handles (service, services, traffic), faults on
// services and traffic, changes (deploy, rollback) and messages (log,
// inject). Every effect is the Simulation's; this file only checks
// arguments and translates.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "scripting/lua_args.h"
#include "scripting/script_host.h"
#include "sim/base/suggest.h"
#include "sim/base/units.h"
#include "sim/model/event_kinds.h"

namespace firedrill::scripting {
namespace {

constexpr const char* kServiceType = "Service";
constexpr const char* kTrafficType = "Traffic";
constexpr const char* kTimerType = "Timer";
constexpr const char* kServicesKey = "firedrill.services";  // registry: handle per service
constexpr const char* kTrafficKey = "firedrill.traffic";    // registry: handle per entry

struct ServiceHandle {
  std::uint32_t index;
};
struct TrafficHandle {
  std::int64_t entry;  // service index of the entry point, -1 = every entry
};
struct TimerHandle {
  std::uint32_t slot;
  std::uint32_t generation;
};

ScriptHost& host(lua_State* L) {
  return ScriptHost::of(L);
}

// --- Handles ---

void push_service(lua_State* L, std::uint32_t index) {
  lua_getfield(L, LUA_REGISTRYINDEX, kServicesKey);
  lua_rawgeti(L, -1, static_cast<lua_Integer>(index) + 1);
  lua_remove(L, -2);
}

// A service given as a handle or by name.
std::uint32_t check_service(lua_State* L, int index, const char* what) {
  if (auto* handle = static_cast<ServiceHandle*>(luaL_testudata(L, index, kServiceType))) {
    return handle->index;
  }
  if (lua_type(L, index) != LUA_TSTRING) {
    luaL_error(L, "%s must be a service (from service(\"name\")) or a service name, got %s", what,
               lua_isnoneornil(L, index) ? "nothing" : luaL_typename(L, index));
  }
  const char* name = lua_tostring(L, index);
  const auto found = host(L).scenario.find_service(name);
  if (!found) {
    raise(L, [&] {
      return "unknown service '" + std::string(name) + "'" +
             did_you_mean(name, host(L).service_names);
    });
  }
  return *found;
}

std::uint32_t self_service(lua_State* L) {
  return static_cast<ServiceHandle*>(luaL_checkudata(L, 1, kServiceType))->index;
}

void push_timer(lua_State* L, std::uint32_t slot) {
  auto* timer = static_cast<TimerHandle*>(lua_newuserdatauv(L, sizeof(TimerHandle), 0));
  timer->slot = slot;
  timer->generation = host(L).slots[slot].generation;
  luaL_setmetatable(L, kTimerType);
}

// "every(\"1s\")", "at(1200)": the call and its first argument, for messages.
void describe_call(lua_State* L, const char* call, int index, char (&out)[96]) {
  if (lua_type(L, index) == LUA_TSTRING) {
    std::snprintf(out, sizeof out, "%s(\"%.60s\")", call, lua_tostring(L, index));
  } else if (lua_type(L, index) == LUA_TNUMBER) {
    std::snprintf(out, sizeof out, "%s(%.14g)", call, static_cast<double>(lua_tonumber(L, index)));
  } else {
    std::snprintf(out, sizeof out, "%s(%s)", call, luaL_typename(L, index));
  }
}

// --- Scheduling ---

int api_at(lua_State* L) {
  const SimTime time = check_duration(L, 1, "at: the time");
  luaL_checktype(L, 2, LUA_TFUNCTION);
  ScriptHost& h = host(L);
  if (time < h.sim.now()) {
    raise(L, [&] {
      return "at: " + format_clock(time) + " is in the past (it is " + format_clock(h.sim.now()) +
             " now); use after() for a delay";
    });
  }
  char call[96];
  describe_call(L, "at", 1, call);
  const std::uint32_t site = h.intern_site(L, call);
  const std::uint32_t slot = h.add_callback(L, 2, CallbackSlot::Kind::kOnce, site);
  guarded(L, [&] { h.schedule(slot, time); });
  push_timer(L, slot);
  return 1;
}

int api_after(lua_State* L) {
  const SimTime delay = check_duration(L, 1, "after: the delay");
  luaL_checktype(L, 2, LUA_TFUNCTION);
  ScriptHost& h = host(L);
  char call[96];
  describe_call(L, "after", 1, call);
  const std::uint32_t site = h.intern_site(L, call);
  const std::uint32_t slot = h.add_callback(L, 2, CallbackSlot::Kind::kOnce, site);
  guarded(L, [&] { h.schedule(slot, h.sim.now() + delay); });
  push_timer(L, slot);
  return 1;
}

int api_every(lua_State* L) {
  const SimTime interval = check_duration(L, 1, "every: the interval");
  luaL_checktype(L, 2, LUA_TFUNCTION);
  if (interval < kMillisecond) {
    raise(L, [&] {
      return "every: the interval must be at least 1ms, got " + format_duration(interval);
    });
  }
  ScriptHost& h = host(L);
  char call[96];
  describe_call(L, "every", 1, call);
  const std::uint32_t site = h.intern_site(L, call);
  const std::uint32_t slot = h.add_callback(L, 2, CallbackSlot::Kind::kEvery, site);
  h.slots[slot].interval = interval;
  guarded(L, [&] { h.schedule(slot, h.sim.now() + interval); });
  push_timer(L, slot);
  return 1;
}

int api_on(lua_State* L) {
  const char* event = luaL_checkstring(L, 1);
  bool known = false;
  for (std::string_view kind : event_kind::kAll) known = known || kind == event;
  if (!known) {
    raise(L, [&] {
      std::vector<std::string> kinds(event_kind::kAll.begin(), event_kind::kAll.end());
      std::string list;
      for (const std::string& k : kinds) list += (list.empty() ? "" : ", ") + k;
      return "on: unknown event '" + std::string(event) + "'" + did_you_mean(event, kinds) +
             " (events: " + list + ")";
    });
  }
  int fn = 2;
  std::int64_t service = -1;
  if (lua_gettop(L) >= 3) {
    fn = 3;
    if (!lua_isnil(L, 2)) service = check_service(L, 2, "on: the target");
  }
  luaL_checktype(L, fn, LUA_TFUNCTION);
  ScriptHost& h = host(L);
  char call[96];
  describe_call(L, "on", 1, call);
  const std::uint32_t site = h.intern_site(L, call);
  const std::uint32_t slot = h.add_callback(L, fn, CallbackSlot::Kind::kOn, site);
  guarded(L, [&] {
    h.slots[slot].event = event;
    h.slots[slot].service = service;
  });
  push_timer(L, slot);
  return 1;
}

int api_now(lua_State* L) {
  lua_pushnumber(L, to_seconds(host(L).sim.now()));
  return 1;
}

int timer_cancel(lua_State* L) {
  auto* timer = static_cast<TimerHandle*>(luaL_checkudata(L, 1, kTimerType));
  host(L).cancel(timer->slot, timer->generation);
  return 0;
}

// --- Handles ---

int api_service(lua_State* L) {
  const std::uint32_t index = check_service(L, 1, "service: the name");
  push_service(L, index);
  return 1;
}

int api_services(lua_State* L) {
  const auto n = static_cast<int>(host(L).scenario.services.size());
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; ++i) {
    push_service(L, static_cast<std::uint32_t>(i));
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

int api_traffic(lua_State* L) {
  std::int64_t entry = -1;
  if (!lua_isnoneornil(L, 1)) {
    entry = check_service(L, 1, "traffic: the entry point");
    bool is_entry = false;
    for (const TrafficSpec& t : host(L).scenario.traffic) {
      is_entry = is_entry || static_cast<std::int64_t>(t.entry_index) == entry;
    }
    if (!is_entry) {
      raise(L, [&] {
        std::string entries;
        for (const TrafficSpec& t : host(L).scenario.traffic) {
          if (entries.find("'" + t.entry + "'") == std::string::npos) {
            entries += (entries.empty() ? "'" : ", '") + t.entry + "'";
          }
        }
        return "traffic: '" + host(L).scenario.services[static_cast<std::size_t>(entry)].name +
               "' receives no traffic (entry points: " + entries + ")";
      });
    }
  }
  // One handle per entry point (and one for all), so that handles compare
  // equal and order the same way as table keys.
  lua_getfield(L, LUA_REGISTRYINDEX, kTrafficKey);
  if (lua_rawgeti(L, -1, entry + 2) == LUA_TNIL) {
    lua_pop(L, 1);
    auto* handle = static_cast<TrafficHandle*>(lua_newuserdatauv(L, sizeof(TrafficHandle), 0));
    handle->entry = entry;
    luaL_setmetatable(L, kTrafficType);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, entry + 2);
  }
  return 1;
}

// --- Faults on a service ---

int service_crash(lua_State* L) {
  const std::uint32_t s = self_service(L);
  check_options(L, 2, "crash", {"replicas"}, /*optional=*/true);
  int count = 0;
  if (push_option(L, 2, "replicas") != LUA_TNIL) {
    const double n = check_finite(L, -1, "crash: 'replicas'");
    if (n < 1 || n != std::floor(n)) luaL_error(L, "crash: 'replicas' must be a whole number >= 1");
    count = static_cast<int>(std::min(n, 1e6));
  }
  guarded(L, [&] { host(L).sim.crash(s, count); });
  return 0;
}

int service_outage(lua_State* L) {
  const std::uint32_t s = self_service(L);
  check_options(L, 2, "outage", {"fraction"}, /*optional=*/true);
  double fraction = 1.0;
  if (push_option(L, 2, "fraction") != LUA_TNIL) {
    fraction = check_finite(L, -1, "outage: 'fraction'");
    if (fraction < 0 || fraction > 1) {
      luaL_error(L, "outage: 'fraction' must be between 0 and 1, got %f", fraction);
    }
  }
  guarded(L, [&] { host(L).sim.set_outage(s, fraction); });
  return 0;
}

int service_latency(lua_State* L) {
  const std::uint32_t s = self_service(L);
  check_options(L, 2, "latency", {"add", "p"}, /*optional=*/false);
  push_option(L, 2, "add");
  const SimTime add = check_duration(L, -1, "latency: 'add'");
  double p = 1.0;
  if (push_option(L, 2, "p") != LUA_TNIL) {
    p = check_finite(L, -1, "latency: 'p'");
    if (p < 0 || p > 1) luaL_error(L, "latency: 'p' must be between 0 and 1, got %f", p);
  }
  guarded(L, [&] { host(L).sim.set_added_latency(s, add, p); });
  return 0;
}

int service_errors(lua_State* L) {
  const std::uint32_t s = self_service(L);
  check_options(L, 2, "errors", {"rate"}, /*optional=*/false);
  push_option(L, 2, "rate");
  const double rate = check_finite(L, -1, "errors: 'rate'");
  if (rate < 0 || rate > 1) luaL_error(L, "errors: 'rate' must be between 0 and 1, got %f", rate);
  guarded(L, [&] { host(L).sim.set_error_rate(s, rate); });
  return 0;
}

int service_leak_memory(lua_State* L) {
  const std::uint32_t s = self_service(L);
  check_options(L, 2, "leak_memory", {"rate", "per_request"}, /*optional=*/false);
  double per_second = 0;
  std::int64_t per_request = 0;
  const bool has_rate = push_option(L, 2, "rate") != LUA_TNIL;
  if (has_rate) per_second = check_byte_rate(L, -1, "leak_memory: 'rate'");
  const bool has_per_request = push_option(L, 2, "per_request") != LUA_TNIL;
  if (has_per_request) per_request = check_bytes(L, -1, "leak_memory: 'per_request'");
  if (per_second > 1e15 || per_request > (std::int64_t{1} << 40)) {
    luaL_error(L, "leak_memory: at most 1e15 bytes per second and 1TiB per request");
  }
  if (!has_rate && !has_per_request) {
    luaL_error(L,
               "leak_memory needs 'rate' (like \"10MiB/min\") or 'per_request' (like "
               "\"48KiB\"), or both");
  }
  guarded(L, [&] { host(L).sim.set_memory_leak(s, per_second, per_request); });
  return 0;
}

int service_cpu_hog(lua_State* L) {
  const std::uint32_t s = self_service(L);
  check_options(L, 2, "cpu_hog", {"factor"}, /*optional=*/false);
  push_option(L, 2, "factor");
  const double factor = check_finite(L, -1, "cpu_hog: 'factor'");
  if (factor < 1 || factor > 1000) {
    luaL_error(L, "cpu_hog: 'factor' must be between 1 and 1000 (3 = three times slower), got %f",
               factor);
  }
  guarded(L, [&] { host(L).sim.set_cpu_hog(s, factor); });
  return 0;
}

int partition_or_heal(lua_State* L, bool partitioned) {
  const std::uint32_t s = self_service(L);
  const std::uint32_t other =
      check_service(L, 2, partitioned ? "partition: the other service" : "heal: the other service");
  if (other == s) {
    luaL_error(L, "%s: a service cannot be cut off from itself",
               partitioned ? "partition" : "heal");
  }
  guarded(L, [&] { host(L).sim.set_partition(s, other, partitioned); });
  return 0;
}
int service_partition(lua_State* L) {
  return partition_or_heal(L, true);
}
int service_heal(lua_State* L) {
  return partition_or_heal(L, false);
}

int service_clear_faults(lua_State* L) {
  const std::uint32_t s = self_service(L);
  guarded(L, [&] { host(L).sim.clear_faults(s); });
  return 0;
}

int service_restart(lua_State* L) {
  const std::uint32_t s = self_service(L);
  const int replicas = host(L).scenario.services[s].replicas;
  if (lua_isnoneornil(L, 2)) {
    guarded(L, [&] {
      for (int r = 0; r < replicas; ++r) host(L).sim.restart(s, r);
    });
    return 0;
  }
  const double ordinal = check_finite(L, 2, "restart: the replica");
  if (ordinal < 0 || ordinal >= replicas || ordinal != std::floor(ordinal)) {
    luaL_error(L, "restart: replica %f does not exist (%s has replicas 0 to %d)", ordinal,
               host(L).scenario.services[s].name.c_str(), replicas - 1);
  }
  guarded(L, [&] { host(L).sim.restart(s, static_cast<int>(ordinal)); });
  return 0;
}

int service_version(lua_State* L) {
  const std::uint32_t s = self_service(L);
  char version[1024] = "";
  guarded(L, [&] { copy_message(version, host(L).sim.version(s)); });
  lua_pushstring(L, version);
  return 1;
}

// The series of `name` that belong to service `s`, found once.
const std::vector<SeriesId>& service_series(ScriptHost& h, std::uint32_t s, std::string_view name) {
  auto& cache = h.series_cache[s];
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  const MetricStore& store = h.sim.metrics();
  const std::vector<SeriesId> all = store.with_name(name);
  if (all.empty()) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < store.size(); ++i) {
      const std::string& n = store.series(static_cast<SeriesId>(i)).name;
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
    throw std::invalid_argument("metric: unknown metric '" + std::string(name) + "'" +
                                did_you_mean(name, names));
  }
  const std::string_view label = name == "calls_total" ? "from" : "service";
  std::vector<SeriesId> mine;
  for (SeriesId id : all) {
    if (store.series(id).label(label) == h.scenario.services[s].name) mine.push_back(id);
  }
  return cache.emplace(std::string(name), std::move(mine)).first->second;
}

// The value of `name` for service `s` at the latest scrape: the sum over its
// series matching the filters, the maximum for memory_bytes (a per-replica
// limit is what matters). A series without a sample at that scrape (a
// replica that is down) does not count: as in Prometheus, it is stale.
template <class Filters>
double latest_value(ScriptHost& h, std::uint32_t s, std::string_view name, const Filters& matches) {
  const MetricStore& store = h.sim.metrics();
  const std::vector<SeriesId>& series_ids = service_series(h, s, name);  // checks the name
  // replicas_up is sampled at every scrape: its last sample is the latest scrape.
  const std::vector<SeriesId>& up = service_series(h, s, "replicas_up");
  if (up.empty() || store.series(up.front()).samples.empty()) return 0;
  const SimTime scrape = store.series(up.front()).samples.back().time;
  const bool take_max = name == "memory_bytes";
  double value = 0;
  for (SeriesId id : series_ids) {
    const Series& series = store.series(id);
    if (series.samples.empty() || series.samples.back().time != scrape) continue;
    if (!matches(series)) continue;
    const double v = series.samples.back().value;
    value = take_max ? std::max(value, v) : value + v;
  }
  return value;
}

int service_metric(lua_State* L) {
  const std::uint32_t s = self_service(L);
  std::size_t name_size = 0;
  const char* name = luaL_checklstring(L, 2, &name_size);
  // Label filters, read into plain pointers (the strings live in the table).
  struct Filter {
    const char* label;
    const char* value;
  };
  Filter filters[16];
  int filter_count = 0;
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 3) != 0) {
      if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING) {
        luaL_error(L, "metric: labels are strings, like {code = \"500\"}");
      }
      if (filter_count == 16) luaL_error(L, "metric: too many labels");
      filters[filter_count++] = {lua_tostring(L, -2), lua_tostring(L, -1)};
      lua_pop(L, 1);
    }
  }
  double value = 0;
  guarded(L, [&] {
    value = latest_value(host(L), s, std::string_view(name, name_size), [&](const Series& series) {
      for (int f = 0; f < filter_count; ++f) {
        if (series.label(filters[f].label) != filters[f].value) return false;
      }
      return true;
    });
  });
  lua_pushnumber(L, value);
  return 1;
}

int service_tostring(lua_State* L) {
  const std::uint32_t s = self_service(L);
  lua_pushfstring(L, "service %s", host(L).scenario.services[s].name.c_str());
  return 1;
}

// __index: the `name` and `replicas` fields, else the methods (upvalue 1).
int service_index(lua_State* L) {
  const std::uint32_t s = self_service(L);
  if (lua_type(L, 2) == LUA_TSTRING) {
    const char* key = lua_tostring(L, 2);
    if (std::strcmp(key, "name") == 0) {
      lua_pushstring(L, host(L).scenario.services[s].name.c_str());
      return 1;
    }
    if (std::strcmp(key, "replicas") == 0) {
      lua_pushinteger(L, host(L).scenario.services[s].replicas);
      return 1;
    }
  }
  lua_pushvalue(L, 2);
  lua_rawget(L, lua_upvalueindex(1));
  return 1;
}

// --- Traffic ---

template <class Apply>
void for_each_traffic(lua_State* L, Apply&& apply) {
  const auto* handle = static_cast<TrafficHandle*>(luaL_checkudata(L, 1, kTrafficType));
  const std::int64_t entry = handle->entry;
  guarded(L, [&] {
    const auto& traffic = host(L).scenario.traffic;
    for (std::size_t t = 0; t < traffic.size(); ++t) {
      if (entry < 0 || static_cast<std::int64_t>(traffic[t].entry_index) == entry) apply(t);
    }
  });
}

int traffic_spike(lua_State* L) {
  luaL_checkudata(L, 1, kTrafficType);
  check_options(L, 2, "spike", {"factor", "duration"}, /*optional=*/false);
  push_option(L, 2, "factor");
  const double factor = check_finite(L, -1, "spike: 'factor'");
  if (factor <= 0 || factor > 1000) {
    luaL_error(L, "spike: 'factor' must be above 0 and at most 1000, got %f", factor);
  }
  push_option(L, 2, "duration");
  const SimTime duration = check_duration(L, -1, "spike: 'duration'");
  if (duration <= 0) luaL_error(L, "spike: 'duration' must be longer than 0");
  for_each_traffic(L, [&](std::size_t t) { host(L).sim.spike_traffic(t, factor, duration); });
  return 0;
}

int traffic_set_rate(lua_State* L) {
  luaL_checkudata(L, 1, kTrafficType);
  const double rate = check_request_rate(L, 2, "set_rate: the rate");
  if (rate > 1e6) luaL_error(L, "set_rate: at most 1000000 requests per second, got %f", rate);
  for_each_traffic(L, [&](std::size_t t) { host(L).sim.set_traffic_rate(t, rate); });
  return 0;
}

int traffic_tostring(lua_State* L) {
  const auto* handle = static_cast<TrafficHandle*>(luaL_checkudata(L, 1, kTrafficType));
  if (handle->entry < 0) {
    lua_pushliteral(L, "traffic (all entry points)");
  } else {
    lua_pushfstring(
        L, "traffic into %s",
        host(L).scenario.services[static_cast<std::size_t>(handle->entry)].name.c_str());
  }
  return 1;
}

// --- Changes and messages ---

// Text a script adds to the run (log lines, injects, versions) is bounded
// per message and per run, so that a script cannot fill the disk.
constexpr std::size_t kMaxMessageBytes = 4096;
constexpr std::size_t kMaxVersionBytes = 128;
constexpr std::size_t kMaxScriptTextBytes = 64u << 20;

// Checks a text argument's length and charges it to the run's quota.
const char* check_text(lua_State* L, int index, const char* what, std::size_t max,
                       std::size_t* size) {
  const char* text = luaL_checklstring(L, index, size);
  if (*size > max) {
    luaL_error(L, "%s is %d bytes long; at most %d", what, static_cast<int>(*size),
               static_cast<int>(max));
  }
  ScriptHost& h = host(L);
  h.text_bytes += *size;
  if (h.text_bytes > kMaxScriptTextBytes) {
    luaL_error(L,
               "the script has written more than %d MiB of log lines, injects and versions "
               "into this run; that is the limit",
               static_cast<int>(kMaxScriptTextBytes >> 20));
  }
  return text;
}

int optional_text(lua_State* L, int index, char (&out)[1024], const char* what) {
  out[0] = '\0';
  if (lua_isnoneornil(L, index)) return 0;
  if (lua_type(L, index) != LUA_TSTRING) luaL_error(L, "%s must be a string", what);
  copy_message(out, lua_tostring(L, index));
  return 1;
}

int api_deploy(lua_State* L) {
  const std::uint32_t s = check_service(L, 1, "deploy: the service");
  std::size_t size = 0;
  const char* version = check_text(L, 2, "deploy: the version", kMaxVersionBytes, &size);
  if (size == 0) luaL_error(L, "deploy: the version must not be empty");
  char description[1024];
  optional_text(L, 3, description, "deploy: the description");
  guarded(L, [&] { host(L).sim.deploy(s, std::string(version, size), description); });
  return 0;
}

int api_rollback(lua_State* L) {
  const std::uint32_t s = check_service(L, 1, "rollback: the service");
  char description[1024];
  optional_text(L, 2, description, "rollback: the description");
  guarded(L, [&] { host(L).sim.rollback(s, description); });
  return 0;
}

int api_log(lua_State* L) {
  const std::uint32_t s = check_service(L, 1, "log: the service");
  const char* level_name = luaL_checkstring(L, 2);
  static constexpr const char* kLevels[] = {"debug", "info", "warn", "error"};
  int level = -1;
  for (int i = 0; i < 4; ++i) {
    if (std::strcmp(level_name, kLevels[i]) == 0) level = i;
  }
  if (level < 0) {
    raise(L, [&] {
      return "log: unknown level '" + std::string(level_name) + "'" +
             did_you_mean(level_name, {"debug", "info", "warn", "error"}) +
             " (levels: debug, info, warn, error)";
    });
  }
  std::size_t size = 0;
  const char* text = check_text(L, 3, "log: the message", kMaxMessageBytes, &size);
  guarded(L, [&] { host(L).sim.log(s, static_cast<LogLevel>(level), std::string(text, size)); });
  return 0;
}

int api_inject(lua_State* L) {
  std::size_t size = 0;
  const char* text = check_text(L, 1, "inject: the message", kMaxMessageBytes, &size);
  if (size == 0) luaL_error(L, "inject: the message must not be empty");
  guarded(L, [&] { host(L).sim.inject(std::string(text, size)); });
  return 0;
}

// Orders handles used as table keys (pairs): services by index, then traffic.
int handle_order(lua_State* L) {
  if (auto* s = static_cast<ServiceHandle*>(luaL_testudata(L, 1, kServiceType))) {
    lua_pushinteger(L, s->index);
  } else if (auto* t = static_cast<TrafficHandle*>(luaL_testudata(L, 1, kTrafficType))) {
    lua_pushinteger(L, (lua_Integer{1} << 40) + t->entry + 1);
  } else {
    lua_pushnil(L);
  }
  return 1;
}

void new_type(lua_State* L, const char* name, const luaL_Reg* methods, lua_CFunction tostring) {
  luaL_newmetatable(L, name);
  lua_pushcfunction(L, tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");  // scripts cannot change handles
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

int install(lua_State* L) {
  static const luaL_Reg kServiceMethods[] = {{"crash", service_crash},
                                             {"outage", service_outage},
                                             {"latency", service_latency},
                                             {"errors", service_errors},
                                             {"leak_memory", service_leak_memory},
                                             {"cpu_hog", service_cpu_hog},
                                             {"partition", service_partition},
                                             {"heal", service_heal},
                                             {"clear_faults", service_clear_faults},
                                             {"restart", service_restart},
                                             {"metric", service_metric},
                                             {"version", service_version},
                                             {nullptr, nullptr}};
  static const luaL_Reg kTrafficMethods[] = {
      {"spike", traffic_spike}, {"set_rate", traffic_set_rate}, {nullptr, nullptr}};
  static const luaL_Reg kTimerMethods[] = {{"cancel", timer_cancel}, {nullptr, nullptr}};
  static const luaL_Reg kGlobals[] = {{"at", api_at},
                                      {"after", api_after},
                                      {"every", api_every},
                                      {"on", api_on},
                                      {"now", api_now},
                                      {"service", api_service},
                                      {"services", api_services},
                                      {"traffic", api_traffic},
                                      {"deploy", api_deploy},
                                      {"rollback", api_rollback},
                                      {"log", api_log},
                                      {"inject", api_inject},
                                      {nullptr, nullptr}};

  new_type(L, kServiceType, kServiceMethods, service_tostring);
  // Services also expose their name as a field.
  luaL_getmetatable(L, kServiceType);
  lua_getfield(L, -1, "__index");
  lua_pushcclosure(L, service_index, 1);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  new_type(L, kTrafficType, kTrafficMethods, traffic_tostring);
  new_type(L, kTimerType, kTimerMethods, [](lua_State* S) {
    lua_pushliteral(S, "timer");
    return 1;
  });

  // One handle per service, so that handles compare equal.
  const auto n = static_cast<int>(host(L).scenario.services.size());
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; ++i) {
    auto* handle = static_cast<ServiceHandle*>(lua_newuserdatauv(L, sizeof(ServiceHandle), 0));
    handle->index = static_cast<std::uint32_t>(i);
    luaL_setmetatable(L, kServiceType);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, LUA_REGISTRYINDEX, kServicesKey);
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, kTrafficKey);

  lua_pushcfunction(L, handle_order);
  lua_setfield(L, LUA_REGISTRYINDEX, "firedrill.handle_order");

  lua_pushglobaltable(L);
  luaL_setfuncs(L, kGlobals, 0);
  lua_getglobal(L, "math");
  lua_getfield(L, -1, "random");
  lua_setfield(L, -3, "random");  // random() is math.random, seeded from the run's seed
  lua_pop(L, 1);
  lua_pushinteger(L, kKiB);
  lua_setfield(L, -2, "KiB");
  lua_pushinteger(L, kMiB);
  lua_setfield(L, -2, "MiB");
  lua_pushinteger(L, kGiB);
  lua_setfield(L, -2, "GiB");
  lua_pop(L, 1);
  return 0;
}

}  // namespace

void install_fault_api(lua_State* L) {
  lua_pushcfunction(L, install);
  if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
    std::string message = lua_tostring(L, -1) ? lua_tostring(L, -1) : "unknown error";
    lua_pop(L, 1);
    throw ScriptError("cannot install the fault API: " + message);
  }
}

}  // namespace firedrill::scripting
