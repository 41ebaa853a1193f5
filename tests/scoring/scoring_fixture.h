// A small scenario and a hand-made run to score: a web service owned by the
// web team, an api owned by payments, an incident on api from 10m. Tests
// add the events and per-minute traffic they need.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "scoring/run_view.h"
#include "sim/scenario/loader.h"

namespace firedrill::testing {

inline const char* kScoredScenario = R"(firedrill: 1
name: scored
title: A scored incident
duration: 1h
start: "09:00"
teams:
  web: {}
  payments: {}
  data: {}
services:
  web: {team: web, calls: [{to: api}]}
  api: {team: payments}
  db: {team: data}
traffic:
  - {entry: web, rate: 10/s}
incident:
  severity: SEV-2
  root_cause: {service: api, fault: bad-deploy}
  team: payments
  start: 10m
  fixes: ["rollback api"]
)";

struct FakeRun {
  Scenario scenario;
  MetricStore metrics;
  RunJournal journal;
  SimTime end = kHour;

  explicit FakeRun(const std::string& extra_yaml = "")
      : scenario(load_scenario_text(std::string(kScoredScenario) + extra_yaml, "scored.yaml")) {}

  // Minute by minute: `requests` answered at web each minute, `bad[m]` of
  // them with a 500 (minutes past the list: `normal_bad`).
  void traffic(double requests, const std::vector<double>& bad, double normal_bad = 1) {
    const SeriesId ok = metrics.intern("requests_total", {{"service", "web"}, {"code", "200"}});
    const SeriesId err = metrics.intern("requests_total", {{"service", "web"}, {"code", "500"}});
    double total_ok = 0, total_err = 0;
    for (SimTime m = 0; m * kMinute <= end; ++m) {
      metrics.append(ok, m * kMinute, total_ok);
      metrics.append(err, m * kMinute, total_err);
      const auto i = static_cast<std::size_t>(m);
      const double b = i < bad.size() ? bad[i] : normal_bad;
      total_err += b;
      total_ok += requests - b;
    }
  }

  // An event at `minutes` past the start.
  void event(double minutes, std::string kind, std::string service,
             std::vector<std::pair<std::string, std::string>> attributes) {
    RunEvent e;
    e.time = static_cast<SimTime>(minutes * kMinute);
    e.kind = std::move(kind);
    e.service = std::move(service);
    e.attributes = std::move(attributes);
    journal.events.push_back(std::move(e));
  }

  // A trainee's action (as the incident desk records it).
  void action(double minutes, const std::string& verb, const std::string& text,
              std::vector<std::pair<std::string, std::string>> more = {},
              const std::string& service = "") {
    std::vector<std::pair<std::string, std::string>> a = {
        {"actor", "alice"}, {"verb", verb}, {"text", text}};
    for (auto& m : more) a.push_back(std::move(m));
    event(minutes, "action", service, std::move(a));
  }

  void page(double minutes, const std::string& incident, const std::string& team) {
    event(minutes, "incident_triggered", "",
          {{"incident", incident}, {"team", team}, {"title", "[FIRING:1] api (page)"}});
    event(minutes, "page", "", {{"incident", incident}, {"team", team}, {"person", "dave"}});
  }

  void ack(double minutes, const std::string& incident, const std::string& team) {
    action(minutes, "ack", "ack " + incident, {{"incident", incident}, {"team", team}});
    event(minutes, "incident_acknowledged", "",
          {{"incident", incident}, {"team", team}, {"person", "alice"}});
  }

  RunView view() const {
    RunView v;
    v.scenario = &scenario;
    v.info.seed = 1;
    v.info.start_of_day = 9 * kHour;
    v.end = end;
    v.metrics = &metrics;
    v.journal = &journal;
    return v;
  }
};

}  // namespace firedrill::testing
