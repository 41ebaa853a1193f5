#include "sim/routing/silences.h"

#include <algorithm>

namespace firedrill {

std::string Silence::describe() const {
  std::string out = "silence " + std::to_string(id);
  if (!spec.created_by.empty() || !spec.comment.empty()) {
    out += " (";
    out += spec.created_by.empty() ? "" : "by " + spec.created_by;
    if (!spec.created_by.empty() && !spec.comment.empty()) out += ": ";
    out += spec.comment;
    out += ")";
  }
  return out;
}

std::string silence_problem(const SilenceSpec& spec) {
  if (spec.matchers.empty()) return "a silence needs at least one matcher";
  const Labels nothing;
  bool selective = false;
  for (const LabelMatcher& m : spec.matchers) selective = selective || !m.matches(nothing);
  if (!selective) {
    return "at least one matcher of a silence must not match the empty string (" +
           format_matchers(spec.matchers) + " would silence every alert)";
  }
  if (spec.ends <= spec.starts) return "a silence must end after it starts";
  return "";
}

int SilenceStore::add(SilenceSpec spec) {
  const int id = static_cast<int>(silences_.size()) + 1;
  silences_.push_back(Silence{id, std::move(spec)});
  return id;
}

bool SilenceStore::expire(int id, SimTime time) {
  if (id < 1 || id > static_cast<int>(silences_.size())) return false;
  SilenceSpec& s = silences_[static_cast<std::size_t>(id - 1)].spec;
  s.ends = std::min(s.ends, std::max(time, s.starts));
  return true;
}

const Silence* SilenceStore::muting(const Labels& labels, SimTime time) const {
  for (const Silence& s : silences_) {
    if (s.active(time) && matches_all(s.spec.matchers, labels)) return &s;
  }
  return nullptr;
}

}  // namespace firedrill
