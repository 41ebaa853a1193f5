// A small scenario for the trainee-action tests: a web front end calling a
// database, two teams with on-call schedules, Alertmanager routing, and an
// alert that fires when the database has no replica up.
#pragma once

namespace firedrill::response_test {

inline const char* const kScenario = R"(firedrill: 1
name: desk
title: Desk
duration: 2h
start: "09:00"
alerts:
  groups:
    - name: availability
      rules:
        - alert: ServiceDown
          expr: sum by (service) (replicas_up) == 0
          for: 1m
          labels: {severity: page}
routing:
  route:
    receiver: data
    group_by: [service]
    group_wait: 30s
    group_interval: 5m
  receivers:
    - name: data
teams:
  data:
    members: [alice, bob]
    schedules:
      primary: {users: [alice, bob], rotation: 1d, handoff: "09:00"}
    escalation:
      levels:
        - {notify: [primary], escalate_after: 5m}
        - {notify: [bob], escalate_after: 10m}
  web:
    members: [carol]
    escalation:
      levels:
        - {notify: [carol], escalate_after: 5m}
services:
  web: {team: web, replicas: 2, startup: 10s, calls: [{to: db, timeout: 200ms}]}
  db: {team: data, replicas: 2, startup: 30s}
traffic:
  - {entry: web, rate: 20/s}
incident:
  severity: SEV-2
  root_cause: {service: db, fault: outage}
  team: data
  start: 10m
)";

}  // namespace firedrill::response_test
