// Reading one service of `services:`: its scalar keys, latency, memory and calls.
#include <string>
#include <vector>

#include "sim/base/units.h"
#include "sim/scenario/sections.h"

namespace firedrill {
namespace {

// Upper bounds that keep a typo ("replicas: 30000000") from exhausting memory.
constexpr int kMaxReplicas = 1000;
constexpr int kMaxWorkers = 100000;
constexpr int kMaxQueue = 1000000;
constexpr int kMaxCallCount = 1000;
constexpr int kMaxRetries = 10;

const std::vector<std::string> kServiceKeys = {"team",     "replicas", "workers", "queue",
                                               "latency",  "errors",   "memory",  "startup",
                                               "failover", "calls"};
const std::vector<std::string> kLatencyKeys = {"p50", "p99", "mean", "dist"};
const std::vector<std::string> kMemoryKeys = {"base", "per_request", "limit"};
const std::vector<std::string> kCallKeys = {"to",      "p",        "count",    "timeout", "retries",
                                            "backoff", "optional", "parallel", "flag"};

constexpr const char* kLatencyKeysByDist =
    "lognormal takes p50 and p99; exponential and constant take mean";

void read_latency(YamlMap& service, ServiceSpec& spec) {
  std::optional<YamlMap> m =
      service.read_map("latency", "latency of '" + spec.name + "'", kLatencyKeys);
  if (!m) return;
  LatencySpec& latency = spec.latency;

  std::string dist = "lognormal";
  if (m->has("dist")) {
    if (!m->read_string("dist", dist)) return;
    if (dist == "lognormal") {
      latency.distribution = LatencySpec::Distribution::kLognormal;
    } else if (dist == "exponential") {
      latency.distribution = LatencySpec::Distribution::kExponential;
    } else if (dist == "constant") {
      latency.distribution = LatencySpec::Distribution::kConstant;
    } else {
      m->reader().error(m->value_at("dist"), "unknown distribution '" + dist +
                                                 "' (expected lognormal, exponential or constant)");
      return;
    }
  }
  const bool lognormal = latency.distribution == LatencySpec::Distribution::kLognormal;
  const std::string dist_named = "dist: " + dist + (m->has("dist") ? "" : ", the default");

  bool keys_fit = true;
  for (const char* key : {"p50", "p99", "mean"}) {
    const bool belongs = lognormal == (std::string_view(key) != "mean");
    if (m->has(key) && !belongs) {
      m->reader().error(m->key_at(key), "'" + std::string(key) + "' does not apply to " +
                                            dist_named + " (" + kLatencyKeysByDist + ")");
      keys_fit = false;
    }
  }
  if (!keys_fit) return;
  const std::string needs = " (dist: " + dist + " needs it)";

  if (lognormal) {
    const bool has_p50 = m->require("p50", needs);
    const bool has_p99 = m->require("p99", needs);
    if (!has_p50 || !has_p99) return;
    SimTime p50 = 0;
    SimTime p99 = 0;
    const bool p50_ok = m->read_duration("p50", p50);
    const bool p99_ok = m->read_duration("p99", p99);
    if (!p50_ok || !p99_ok) return;
    if (p50 <= 0) {
      m->reader().error(m->value_at("p50"), "'p50' must be greater than 0");
      return;
    }
    if (p99 < p50) {
      m->reader().error(m->value_at("p99"), "'p99' (" + format_duration(p99) +
                                                ") must not be less than 'p50' (" +
                                                format_duration(p50) + ")");
      return;
    }
    latency.p50 = p50;
    latency.p99 = p99;
    return;
  }

  if (!m->require("mean", needs)) return;
  SimTime mean = 0;
  if (!m->read_duration("mean", mean)) return;
  if (mean <= 0 && latency.distribution == LatencySpec::Distribution::kExponential) {
    m->reader().error(m->value_at("mean"), "'mean' must be greater than 0 for dist: exponential");
    return;
  }
  latency.mean = mean;
}

void read_memory(YamlMap& service, ServiceSpec& spec) {
  std::optional<YamlMap> m =
      service.read_map("memory", "memory of '" + spec.name + "'", kMemoryKeys);
  if (!m) return;
  MemorySpec& memory = spec.memory;
  const bool base_ok = m->read_bytes("base", memory.base) || !m->has("base");
  m->read_bytes("per_request", memory.per_request);
  std::int64_t limit = 0;
  if (!m->read_bytes("limit", limit)) return;
  if (limit != 0 && base_ok && limit <= memory.base) {
    m->reader().error(m->value_at("limit"), "memory 'limit' (" + format_bytes(limit) +
                                                ") must be greater than 'base' (" +
                                                format_bytes(memory.base) + ")");
    return;
  }
  memory.limit = limit;
}

// A call's feature flag: a name, on an optional call (the caller must work
// without it while the flag is off).
void read_flag(YamlMap& m, CallSpec& call) {
  std::string flag;
  if (!m.read_string("flag", flag)) return;
  if (!is_valid_name(flag, /*allow_underscore=*/true)) {
    m.reader().error(m.value_at("flag"), "invalid flag name '" + flag +
                                             "' (expected lowercase letters, digits, '-' and "
                                             "'_', starting with a letter or digit)");
    return;
  }
  if (!call.optional) {
    m.reader().error(m.value_at("flag"),
                     "a call with a 'flag' must be 'optional: true' (its caller must work "
                     "without it while the flag is off)");
    return;
  }
  call.flag = flag;
}

void read_calls(YamlMap& service, ServiceDraft& draft) {
  std::optional<YAML::Node> calls = service.read_list("calls");
  if (!calls) return;
  YamlReader& reader = service.reader();
  const std::string context = "calls of '" + draft.spec.name + "'";
  for (const YAML::Node& item : *calls) {
    if (!item.IsMap()) {
      reader.error(reader.at(item),
                   "expected a map like {to: checkout} for each call, got " + describe(item));
      continue;
    }
    YamlMap m(reader, item, context, kCallKeys);
    CallSpec call;
    call.where = reader.at(item);
    m.require("to");
    const bool to_ok = m.read_string("to", call.to);
    m.read_number("p", call.p, 0, 1);
    m.read_int("count", call.count, 1, kMaxCallCount);
    m.read_duration("timeout", call.timeout);
    m.read_int("retries", call.retries, 0, kMaxRetries);
    m.read_duration("backoff", call.backoff);
    m.read_bool("optional", call.optional);
    m.read_bool("parallel", call.parallel);
    read_flag(m, call);
    draft.to_at.push_back(to_ok ? std::optional(m.value_at("to")) : std::nullopt);
    draft.spec.calls.push_back(std::move(call));
  }
}

}  // namespace

bool is_valid_name(std::string_view name, bool allow_underscore) {
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (name.empty() || !lower_or_digit(name.front())) return false;
  for (char c : name) {
    if (!lower_or_digit(c) && c != '-' && !(allow_underscore && c == '_')) return false;
  }
  return true;
}

ServiceDraft read_service(YamlReader& reader, const YamlField& field) {
  ServiceDraft draft;
  ServiceSpec& spec = draft.spec;
  spec.name = field.name;
  spec.where = reader.at(field.key);
  if (!is_valid_name(spec.name, /*allow_underscore=*/true)) {
    reader.error(spec.where, "invalid service name '" + spec.name +
                                 "' (expected lowercase letters, digits, '-' and '_', starting "
                                 "with a letter or digit)");
  } else if (spec.name == "ingress") {
    reader.error(spec.where,
                 "the service name 'ingress' is reserved: it names user traffic in "
                 "calls_total{from=\"ingress\"}");
  }
  if (!field.value.IsMap() && !field.value.IsNull()) {
    reader.error(reader.value_at(field),
                 "expected a map for service '" + spec.name + "', got " + describe(field.value));
    return draft;
  }

  YamlMap m(reader, field.value, "service '" + spec.name + "'", kServiceKeys);
  if (m.read_string("team", spec.team)) draft.team_at = m.value_at("team");
  m.read_int("replicas", spec.replicas, 1, kMaxReplicas);
  m.read_int("workers", spec.workers, 1, kMaxWorkers);
  m.read_int("queue", spec.queue, 0, kMaxQueue);
  read_latency(m, spec);
  m.read_number("errors", spec.errors, 0, 1);
  read_memory(m, spec);
  m.read_duration("startup", spec.startup);
  SimTime failover = 0;
  if (m.read_duration("failover", failover)) {
    if (failover <= 0) {
      m.reader().error(m.value_at("failover"),
                       "'failover' (the time to promote the standby) must be longer than 0; "
                       "leave it out for a service without a standby");
    } else {
      spec.failover = failover;
    }
  }
  read_calls(m, draft);
  return draft;
}

}  // namespace firedrill
