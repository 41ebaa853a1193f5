// The `routing:` section: Alertmanager's configuration (docs/paging.md),
// inline or in a file of the scenario's folder, read by
// sim/routing/routing_reader.h.
#include "sim/routing/routing_reader.h"
#include "sim/scenario/sections.h"

namespace firedrill {

std::optional<ScriptSource> read_routing(YamlMap& top, std::string_view text, bool teams_known,
                                         const ScenarioFiles& files, Scenario& scenario) {
  const YamlField* field = top.find("routing");
  if (field == nullptr) return std::nullopt;
  YamlReader& reader = top.reader();
  // Unknown teams (a malformed `teams:`, already reported) are not checked.
  const std::vector<TeamSpec>* teams = teams_known ? &scenario.teams : nullptr;
  if (field->value.IsMap()) {
    scenario.routing = read_routing_config(reader, field->value, text, teams);
    return std::nullopt;
  }
  if (!field->value.IsScalar()) {
    reader.error(top.value_at("routing"),
                 "expected an Alertmanager configuration (a map with route and receivers) or a "
                 "file name (e.g. alertmanager.yml) for 'routing', got " +
                     describe(field->value));
    return std::nullopt;
  }
  std::optional<ScriptSource> file = read_script(
      top, "routing", files, "an Alertmanager configuration file, e.g. alertmanager.yml");
  if (!file) return std::nullopt;
  // Problems in the file are reported at its own lines.
  YamlReader file_reader(files.display(file->path));
  scenario.routing = read_routing_text(file_reader, file->text, teams);
  if (file_reader.failed()) reader.error(InputError(file_reader.take_diagnostics()), file->where);
  for (Diagnostic& w : file_reader.take_warnings()) reader.warning(w.where, std::move(w.message));
  return file;
}

}  // namespace firedrill
