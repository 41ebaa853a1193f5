// Faults and readings on a Service handle: crash, outage, latency, errors,
// leak_memory, cpu_hog, partition, heal, clear_faults, restart, metric,
// version, and the handle's fields.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "scripting/api_common.h"
#include "scripting/lua_args.h"
#include "scripting/sandbox.h"
#include "sim/base/suggest.h"

namespace firedrill::scripting {
namespace {

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
    const double v = series.samples.back().value;
    if (is_stale_marker(v) || !matches(series)) continue;
    value = take_max ? std::max(value, v) : value + v;
  }
  return value;
}

int service_metric(lua_State* L) {
  return push_metric(L, self_service(L), 2, 3);
}

}  // namespace

int push_metric(lua_State* L, std::uint32_t s, int name_index, int labels_index) {
  std::size_t name_size = 0;
  const char* name = luaL_checklstring(L, name_index, &name_size);
  // Label filters, read into plain pointers (the strings live in the table).
  struct Filter {
    const char* label;
    const char* value;
  };
  Filter filters[16];
  int filter_count = 0;
  if (!lua_isnoneornil(L, labels_index)) {
    luaL_checktype(L, labels_index, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, labels_index) != 0) {
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

const luaL_Reg kServiceMethods[] = {{"crash", service_crash},
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

}  // namespace firedrill::scripting
