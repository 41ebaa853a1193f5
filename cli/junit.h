// JUnit XML, the test report format CI systems read (Jenkins, GitLab, GitHub
// Actions reporters): `firedrill test --junit FILE` writes one. The shape is
// the common one: <testsuites> holding a <testsuite> per scenario, holding a
// <testcase> per check, with <failure> or <skipped> inside when the check did
// not pass, and the suite's <properties>. Times are in seconds.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace firedrill::cli {

enum class JUnitOutcome { kPassed, kFailed, kSkipped };

struct JUnitCase {
  std::string name;       // the check: "validates"
  std::string classname;  // what it checks: the scenario's name
  double seconds = 0;
  JUnitOutcome outcome = JUnitOutcome::kPassed;
  std::string message;  // why it failed or was skipped (one line); the <failure> message
  std::string details;  // a failure's body: its full explanation (may be multi-line)
};

struct JUnitSuite {
  std::string name;  // the scenario
  double seconds = 0;
  // name, value pairs, in order (seed, score, ...)
  std::vector<std::pair<std::string, std::string>> properties;
  std::vector<JUnitCase> cases;
};

// The whole document, with the XML declaration, counts (tests, failures,
// errors, skipped) on <testsuites> and each <testsuite>, and a final newline.
std::string junit_xml(std::string_view name, const std::vector<JUnitSuite>& suites);

// `text` made safe for XML 1.0 character data: & < > escaped; characters
// XML 1.0 cannot hold at all (control characters but tab, newline and
// carriage return; U+FFFE, U+FFFF) and bytes that are not valid UTF-8
// become U+FFFD. A carriage return is written &#13; so that it survives.
std::string xml_text(std::string_view text);

// `text` made safe for a double-quoted XML attribute value: as xml_text,
// and " ' escaped, and tab, newline and carriage return written as character
// references (a parser would otherwise turn them into spaces).
std::string xml_attribute(std::string_view text);

}  // namespace firedrill::cli
