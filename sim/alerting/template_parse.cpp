// Parsing alert templates: a recursive descent over Go's
// text/template grammar, limited to what alert templates need. Messages
// follow Go's where a user is likely to meet them ("function \"foo\" not
// defined", "undefined variable \"$x\"", "missing value for if").
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <utility>

#include "sim/alerting/template.h"
#include "sim/alerting/template_lexer.h"
#include "sim/alerting/template_syntax.h"
#include "sim/alerting/template_value.h"

namespace firedrill {
namespace tmpl {
namespace {

class Parser : private Lexer {
 public:
  explicit Parser(std::string_view text) : Lexer(text) {
    scope_ = {{"$", kRootVariable},
              {"$labels", kLabelsVariable},
              {"$externalLabels", kExternalLabelsVariable},
              {"$externalURL", kExternalUrlVariable},
              {"$value", kValueVariable}};
  }

  std::unique_ptr<Template::Program> parse() {
    auto program = std::make_unique<Template::Program>();
    const Stop stop = parse_list(program->nodes);
    if (stop.kind == Stop::Kind::kEnd) fail("unexpected {{end}}", stop.position);
    if (stop.kind == Stop::Kind::kElse) fail("unexpected {{else}}", stop.position);
    program->variable_count = variable_count_;
    return program;
  }

 private:
  // Nesting (control structures, {{else if}} chains, parenthesised
  // pipelines) is recursion here and when expanding: bounded, so that no
  // template can exhaust the stack (a level takes kilobytes of it, more
  // under sanitizers). Go's parser stops parentheses at 10000; this is lower
  // and still far beyond any real alert template.
  static constexpr int kMaxDepth = 100;
  class DepthGuard {
   public:
    DepthGuard(Parser& parser, int position) : parser_(parser) {
      if (parser_.depth_ >= kMaxDepth) parser_.fail("max expression depth exceeded", position);
      ++parser_.depth_;
    }
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser& parser_;
  };

  struct Stop {
    enum class Kind { kEof, kEnd, kElse };
    Kind kind = Kind::kEof;
    int position = 0;
  };

  // Text and actions up to {{end}}, {{else}} (the keyword consumed, not the
  // rest of its action) or the end of the text.
  Stop parse_list(NodeList& out) {
    while (true) {
      const std::size_t open = text_.find("{{", pos_);
      std::string text(text_.substr(pos_, open == std::string_view::npos ? open : open - pos_));
      if (trim_next_text_) {
        std::size_t first = 0;
        while (first < text.size() && is_space(text[first])) ++first;
        text.erase(0, first);
        trim_next_text_ = false;
      }
      const int text_position = here();
      if (open == std::string_view::npos) {
        add_text(out, std::move(text), text_position);
        pos_ = text_.size();
        return Stop{};
      }
      pos_ = open + 2;
      if (at("-") && pos_ + 1 < text_.size() && is_space(text_[pos_ + 1])) {
        while (!text.empty() && is_space(text.back())) text.pop_back();
        pos_ += 2;
      }
      add_text(out, std::move(text), text_position);
      const int action_position = static_cast<int>(open);
      if (skip_comment()) continue;
      const std::size_t save = pos_;
      const Token first = next();
      if (first.kind == Token::Kind::kIdentifier) {
        if (first.text == "end") {
          expect_close("end");
          return Stop{Stop::Kind::kEnd, first.position};
        }
        if (first.text == "else") return Stop{Stop::Kind::kElse, first.position};
        if (first.text == "if" || first.text == "with" || first.text == "range") {
          out.push_back(parse_control(first.text, first.position));
          continue;
        }
        if (first.text == "define" || first.text == "template" || first.text == "block" ||
            first.text == "break" || first.text == "continue") {
          fail("'" + first.text + "' is not supported in alert templates", first.position);
        }
      }
      pos_ = save;
      Node node;
      node.kind = Node::Kind::kAction;
      node.position = action_position;
      node.pipeline = parse_pipeline("command", /*allow_declaration=*/true, /*range=*/false);
      out.push_back(std::move(node));
    }
  }

  void add_text(NodeList& out, std::string text, int position) {
    if (text.empty()) return;
    Node node;
    node.kind = Node::Kind::kText;
    node.text = std::move(text);
    node.position = position;
    out.push_back(std::move(node));
  }

  // {{/* ... */}}, with optional trim markers. Returns whether one was read.
  bool skip_comment() {
    if (!at("/*")) return false;
    const std::size_t end = text_.find("*/", pos_ + 2);
    if (end == std::string_view::npos) fail("unclosed comment", here());
    pos_ = end + 2;
    if (at(" -}}")) {
      pos_ += 4;
      trim_next_text_ = true;
    } else if (at("}}")) {
      pos_ += 2;
    } else {
      fail("comment ends before closing delimiter", here());
    }
    return true;
  }

  void expect_close(const std::string& what) {
    const Token t = next();
    if (t.kind != Token::Kind::kClose) {
      fail("unexpected " + describe(t) + " in " + what, t.position);
    }
  }

  // {{if|with|range pipeline}} list [{{else [if ...]}} list] {{end}}, the
  // keyword already read.
  Node parse_control(const std::string& keyword, int position) {
    Node node;
    node.kind = keyword == "if"     ? Node::Kind::kIf
                : keyword == "with" ? Node::Kind::kWith
                                    : Node::Kind::kRange;
    node.position = position;
    const DepthGuard guard(*this, position);
    const std::size_t scope_mark = scope_.size();
    const bool dot_was_root = dot_is_root_;
    node.pipeline = parse_pipeline(keyword, /*allow_declaration=*/true, keyword == "range");
    if (node.kind != Node::Kind::kIf) dot_is_root_ = false;
    Stop stop = parse_list(node.body);
    scope_.resize(scope_mark);
    if (stop.kind == Stop::Kind::kElse) {
      const std::size_t save = pos_;
      const Token t = next();
      if (t.kind == Token::Kind::kIdentifier && t.text == "if") {
        // {{else if ...}} ... {{end}}: a nested if that shares our {{end}}.
        dot_is_root_ = dot_was_root;
        node.otherwise.push_back(parse_control("if", t.position));
        return node;
      }
      pos_ = save;
      expect_close("else");
      dot_is_root_ = dot_was_root;
      stop = parse_list(node.otherwise);
      scope_.resize(scope_mark);
      if (stop.kind == Stop::Kind::kElse) fail("expected end; found {{else}}", stop.position);
    }
    dot_is_root_ = dot_was_root;
    if (stop.kind == Stop::Kind::kEof) fail("unexpected EOF", here());
    return node;
  }

  // A pipeline up to the action's end (or a ')' for a parenthesised one).
  Pipeline parse_pipeline(const std::string& context, bool allow_declaration, bool range) {
    Pipeline pipe;
    pipe.position = here();
    std::vector<std::string> names;
    if (allow_declaration) {
      const std::size_t save = pos_;
      Token t = next();
      if (t.kind == Token::Kind::kVariable) {
        Token after = next();
        if (range && after.kind == Token::Kind::kComma) {
          const Token second = next();
          const Token declare = next();
          if (second.kind == Token::Kind::kVariable && declare.kind == Token::Kind::kDeclare) {
            names = {t.text, second.text};
          } else {
            fail("range can only initialize variables", second.position);
          }
        } else if (after.kind == Token::Kind::kDeclare) {
          names = {t.text};
        } else if (after.kind == Token::Kind::kAssign) {
          fail("assigning to variables ('=') is not supported in alert templates", after.position);
        } else {
          pos_ = save;
        }
      } else {
        pos_ = save;
      }
    }
    const bool paren = context == "parenthesized pipeline";
    while (true) {
      const std::size_t save = pos_;
      const Token t = next();
      if (t.kind == Token::Kind::kClose || (paren && t.kind == Token::Kind::kRightParen)) {
        if (paren && t.kind == Token::Kind::kClose) fail("unclosed left paren", pipe.position);
        if (!paren && t.kind == Token::Kind::kClose) trim_next_text_ = t.trim_after;
        if (pipe.commands.empty()) fail("missing value for " + context, t.position);
        break;
      }
      if (!pipe.commands.empty()) {
        if (t.kind != Token::Kind::kPipe)
          fail("unexpected " + describe(t) + " in operand", t.position);
      } else {
        pos_ = save;
      }
      pipe.commands.push_back(parse_command(paren));
    }
    for (std::size_t i = 0; i < pipe.commands.size(); ++i) check_arity(pipe.commands[i], i > 0);
    for (const std::string& name : names) {
      const int slot = variable_count_++;
      scope_.emplace_back(name, slot);
      pipe.declared.push_back(slot);
    }
    return pipe;
  }

  // A function's argument count is known here (a pipeline passes one more),
  // so a wrong one is refused now rather than at every expansion.
  void check_arity(const Command& command, bool piped) {
    const Operand& head = command.operands.front();
    if (head.kind != Operand::Kind::kFunction) {
      if (piped) fail("can't give argument to non-function " + command.source, head.position);
      return;
    }
    const Arity arity = function_arity(head.text);
    const int got = static_cast<int>(command.operands.size()) - 1 + (piped ? 1 : 0);
    if (arity.max < 0 && got < arity.min) {
      fail("wrong number of args for " + head.text + ": want at least " +
               std::to_string(arity.min) + " got " + std::to_string(got),
           head.position);
    }
    if (arity.max >= 0 && (got < arity.min || got > arity.max)) {
      fail("wrong number of args for " + head.text + ": want " + std::to_string(arity.min) +
               " got " + std::to_string(got),
           head.position);
    }
  }

  Command parse_command(bool in_paren) {
    Command command;
    const std::size_t start = pos_;
    while (true) {
      const std::size_t save = pos_;
      const Token t = next();
      if (t.kind == Token::Kind::kClose || t.kind == Token::Kind::kPipe ||
          (in_paren && t.kind == Token::Kind::kRightParen)) {
        pos_ = save;
        break;
      }
      if (command.operands.empty()) command.position = t.position;
      command.operands.push_back(parse_operand(t));
    }
    if (command.operands.empty()) fail("missing command", here());
    std::size_t end = pos_;
    while (end > start && is_space(text_[end - 1])) --end;
    std::size_t begin = start;
    while (begin < end && is_space(text_[begin])) ++begin;
    command.source = std::string(text_.substr(begin, end - begin));
    const Operand& head = command.operands.front();
    if (command.operands.size() > 1 && head.kind != Operand::Kind::kFunction) {
      fail("can't give argument to non-function " + command.source, head.position);
    }
    return command;
  }

  Operand parse_operand(const Token& t) {
    Operand op;
    op.position = t.position;
    switch (t.kind) {
      case Token::Kind::kString:
        op.kind = Operand::Kind::kString;
        op.text = t.text;
        return op;
      case Token::Kind::kChar:
        op.kind = Operand::Kind::kInt;
        op.int_value = static_cast<unsigned char>(t.text.empty() ? 0 : t.text[0]);
        return op;
      case Token::Kind::kNumber:
        return number(t);
      case Token::Kind::kIdentifier:
        if (t.text == "true" || t.text == "false") {
          op.kind = Operand::Kind::kBool;
          op.bool_value = t.text == "true";
          return op;
        }
        if (t.text == "nil") {
          op.kind = Operand::Kind::kNil;
          return op;
        }
        if (!is_template_function(t.text)) {
          fail("function \"" + t.text + "\" not defined", t.position);
        }
        op.kind = Operand::Kind::kFunction;
        op.text = t.text;
        return op;
      case Token::Kind::kVariable: {
        op.kind = Operand::Kind::kVariable;
        op.variable = -1;
        for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
          if (it->first == t.text) {
            op.variable = it->second;
            break;
          }
        }
        if (op.variable < 0) fail("undefined variable \"" + t.text + "\"", t.position);
        read_fields(op, op.variable == kRootVariable);
        return op;
      }
      case Token::Kind::kDot:
        op.kind = Operand::Kind::kDot;
        return op;
      case Token::Kind::kField:
        op.kind = Operand::Kind::kDot;
        op.fields.push_back(t.text);
        read_fields(op, dot_is_root_);
        return op;
      case Token::Kind::kLeftParen: {
        const DepthGuard guard(*this, t.position);
        op.kind = Operand::Kind::kPipeline;
        op.pipeline = std::make_shared<Pipeline>(
            parse_pipeline("parenthesized pipeline", /*allow_declaration=*/false, false));
        read_fields(op, false);
        return op;
      }
      default:
        fail("unexpected " + describe(t) + " in operand", t.position);
    }
  }

  // Fields written right after an operand: $labels.job, .Labels.job.
  void read_fields(Operand& op, bool on_root) {
    while (true) {
      const std::size_t save = pos_;
      const Token t = next();
      if (t.kind != Token::Kind::kField || t.space_before) {
        pos_ = save;
        break;
      }
      op.fields.push_back(t.text);
    }
    if (on_root && !op.fields.empty()) {
      const std::string& f = op.fields.front();
      if (f != "Labels" && f != "Value" && f != "ExternalLabels" && f != "ExternalURL") {
        fail("can't evaluate field " + f +
                 " (alert templates have .Labels, .Value, .ExternalLabels and .ExternalURL)",
             op.position);
      }
    }
  }

  Operand number(const Token& t) {
    Operand op;
    op.position = t.position;
    const std::string& s = t.text;
    const bool hex = s.find_first_of("xX") != std::string::npos;
    const bool is_float = !hex && s.find_first_of(".eE") != std::string::npos;
    if (is_float) {
      char* end = nullptr;
      op.float_value = std::strtod(s.c_str(), &end);
      if (end != s.c_str() + s.size()) fail("bad number syntax: \"" + s + "\"", t.position);
      op.kind = Operand::Kind::kFloat;
      return op;
    }
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(s.c_str(), &end, 0);
    if (end != s.c_str() + s.size()) fail("bad number syntax: \"" + s + "\"", t.position);
    if (errno == ERANGE) fail("integer overflow: \"" + s + "\"", t.position);
    op.kind = Operand::Kind::kInt;
    op.int_value = v;
    return op;
  }

  std::vector<std::pair<std::string, int>> scope_;
  int variable_count_ = kPredefinedVariableCount;
  bool trim_next_text_ = false;
  bool dot_is_root_ = true;
  int depth_ = 0;
};

}  // namespace
}  // namespace tmpl

std::shared_ptr<const Template> Template::parse(std::string_view text, std::string name) {
  tmpl::Parser parser(text);
  std::unique_ptr<Program> program = parser.parse();
  return std::make_shared<const Template>(std::string(text), std::move(name), std::move(program));
}

Template::Template(std::string text, std::string name, std::unique_ptr<Program> program)
    : text_(std::move(text)), name_(std::move(name)), program_(std::move(program)) {
  constant_ = program_->nodes.empty() ||
              (program_->nodes.size() == 1 && program_->nodes[0].kind == tmpl::Node::Kind::kText &&
               program_->nodes[0].text == text_);
}

Template::~Template() = default;

}  // namespace firedrill
