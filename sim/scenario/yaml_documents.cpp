#include "sim/scenario/yaml_documents.h"

#include <optional>
#include <sstream>

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>

namespace firedrill {
namespace {

// More documents than any scenario file has: a backstop, should the parser
// find another way not to move.
constexpr std::size_t kMaxDocuments = 1000;

// Remembers where each document starts; ignores the rest.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> start;

  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

YamlDocuments parse_yaml_documents(const std::string& text) {
  YamlDocuments out;
  std::istringstream in(text);
  YAML::Parser parser(in);
  std::optional<YAML::Mark> previous;
  while (true) {
    DocumentStarts starts;
    if (!parser.HandleNextDocument(starts)) break;
    const YAML::Mark start = starts.start.value_or(YAML::Mark::null_mark());
    // A document that starts where the previous one did consumed nothing:
    // the parser is stuck on a token it cannot place, and LoadAll would loop.
    if ((previous && previous->pos == start.pos) || out.count == kMaxDocuments) {
      const bool in_text = start.pos >= 0 && static_cast<std::size_t>(start.pos) < text.size();
      throw YAML::ParserException(
          start,
          in_text ? "unexpected '" + std::string(1, text[start.pos]) + "'" : "unexpected token");
    }
    previous = start;
    ++out.count;
    if (out.count == 2) out.second = start;
  }
  if (out.count > 0) out.first = YAML::Load(text);
  return out;
}

}  // namespace firedrill
