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
