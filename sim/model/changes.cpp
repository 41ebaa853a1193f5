// Changes and messages from scripts and facilitators: deploys and rollbacks
// (the change log), log lines, and injects. None of them changes how a
// service behaves by itself: a script that wants a deploy to break something
// sets the fault itself, and either reacts to a rollback event to end it or
// attaches it to the deploy (attach_faults_to_deploy, mitigations.cpp), so
// that a rollback of that deploy ends it.
#include <string>

#include "sim/model/engine.h"
#include "sim/model/event_kinds.h"

namespace firedrill {

void Engine::deploy(ServiceIndex service, const std::string& version,
                    const std::string& description) {
  require_service(service, "deploy");
  if (services_[service].rollout.kind == Rollout::Kind::kRollback) {
    cancel_rollback(service, "superseded by the deploy of version " + version);
  }
  ServiceState& s = services_[service];
  s.versions.push_back(version);
  s.deploys.push_back(++last_deploy_id_);
  const std::string& name = s.spec->name;
  journal_.changes.push_back(ChangeEntry{now(), name, "deploy", version, description});
  emit_event(RunEvent{0, std::string(event_kind::kDeploy), name, "", {{"version", version}}});
  write_log(service, "", LogLevel::kInfo,
            "deploying version " + version + (description.empty() ? "" : ": " + description));
}

void Engine::rollback(ServiceIndex service, const std::string& description) {
  require_service(service, "rollback");
  if (services_[service].rollout.kind == Rollout::Kind::kRollback) {
    cancel_rollback(service, "superseded by an immediate rollback");
  }
  revert(service, description);
}

void Engine::revert(std::uint32_t service, const std::string& description) {
  ServiceState& s = services_[service];
  // The history is a stack: rolling back twice goes back two deploys.
  const std::string from = s.versions.empty() ? "" : s.versions.back();
  const std::uint32_t reverted = s.deploys.empty() ? 0 : s.deploys.back();
  if (!s.versions.empty()) {
    s.versions.pop_back();
    s.deploys.pop_back();
  }
  const std::string to = s.versions.empty() ? "" : s.versions.back();
  const std::string& name = s.spec->name;
  journal_.changes.push_back(ChangeEntry{now(), name, "rollback", to, description});
  write_log(service, "", LogLevel::kInfo,
            "rolling back " +
                (from.empty() ? std::string("the current version") : "version " + from) +
                (to.empty() ? "" : " to version " + to) +
                (description.empty() ? "" : ": " + description));
  emit_event(
      RunEvent{0, std::string(event_kind::kRollback), name, "", {{"from", from}, {"to", to}}});
  // The reverted code is gone, and with it the faults that came with it.
  if (reverted != 0) end_deploy_faults(reverted);
}

std::string Engine::version(ServiceIndex service) const {
  require_service(service, "version");
  const ServiceState& s = services_[service];
  return s.versions.empty() ? "" : s.versions.back();
}

void Engine::log(ServiceIndex service, LogLevel level, const std::string& message) {
  require_service(service, "log");
  write_log(service, "", level, message);
}

void Engine::inject(const std::string& message) {
  emit_event(RunEvent{0, std::string(event_kind::kInject), "", "", {{"message", message}}});
}

}  // namespace firedrill
