// Changes and messages from scripts and facilitators: deploys and rollbacks
// (the change log), log lines, and injects. None of them changes how a
// service behaves: a script that wants a deploy to break something sets the
// fault itself, and reacts to a rollback event to end it.
#include <string>

#include "sim/model/engine.h"
#include "sim/model/event_kinds.h"

namespace firedrill {

void Engine::deploy(ServiceIndex service, const std::string& version,
                    const std::string& description) {
  require_service(service, "deploy");
  ServiceState& s = services_[service];
  s.versions.push_back(version);
  const std::string& name = s.spec->name;
  journal_.changes.push_back(ChangeEntry{now(), name, "deploy", version, description});
  emit_event(RunEvent{0, std::string(event_kind::kDeploy), name, "", {{"version", version}}});
  write_log(service, "", LogLevel::kInfo,
            "deploying version " + version + (description.empty() ? "" : ": " + description));
}

void Engine::rollback(ServiceIndex service, const std::string& description) {
  require_service(service, "rollback");
  ServiceState& s = services_[service];
  // The history is a stack: rolling back twice goes back two deploys.
  const std::string from = s.versions.empty() ? "" : s.versions.back();
  if (!s.versions.empty()) s.versions.pop_back();
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
