// `firedrill test`: the three checks of a scenario (validates, the reference
// responder scores at least its minimum, doing nothing breaches the SLO),
// skipped checks, the summary and exit status, and the JUnit XML report
// (cli/junit.h, unit-tested here: its escaping and its shape).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "command_runner.h"

#include "cli/junit.h"

using namespace firedrill::cli;
using namespace firedrill::testing;

namespace {

std::string scored_scenario(const std::string& name) {
  return "'" + std::string(FIREDRILL_TEST_DATA) + "/scenarios/scored/" + name + "'";
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("xml_text and xml_attribute escape markup", "[cli][junit]") {
  CHECK(xml_text("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d");
  CHECK(xml_text("say \"hi\" 'there'") == "say \"hi\" 'there'");
  CHECK(xml_attribute("say \"hi\" 'there'") == "say &quot;hi&quot; &apos;there&apos;");
  CHECK(xml_attribute("<&>") == "&lt;&amp;&gt;");
  CHECK(xml_text("&amp;") == "&amp;amp;");  // escaped again: the text is not markup
  // Line breaks and tabs survive in attributes only as character references.
  CHECK(xml_attribute("a\nb\tc\rd") == "a&#10;b&#9;c&#13;d");
  CHECK(xml_text("a\nb\tc\rd") == "a\nb\tc&#13;d");
  CHECK(xml_text("]]>") == "]]&gt;");
}

TEST_CASE("xml_text replaces what XML 1.0 cannot hold with U+FFFD", "[cli][junit]") {
  const std::string fffd = "\xEF\xBF\xBD";
  // Control characters (an ANSI colour, a NUL, a backspace).
  CHECK(xml_text("red \x1b[31m") == "red " + fffd + "[31m");
  CHECK(xml_text(std::string("a\0b", 3)) == "a" + fffd + "b");
  CHECK(xml_attribute("\x08") == fffd);
  // Valid UTF-8 passes through.
  CHECK(xml_text("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x94\xA5") ==
        "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x94\xA5");
  // Invalid UTF-8: a stray continuation byte, a lone lead byte, an overlong
  // form, a surrogate, beyond U+10FFFF, a cut sequence at the end.
  CHECK(xml_text("a\x80z") == "a" + fffd + "z");
  CHECK(xml_text("a\xC3z") == "a" + fffd + "z");
  CHECK(xml_text("\xC0\xAF") == fffd + fffd);
  CHECK(xml_text("\xED\xA0\x80") == fffd + fffd + fffd);
  CHECK(xml_text("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);
  CHECK(xml_text("ok\xE2\x80") == "ok" + fffd + fffd);
  // U+FFFE and U+FFFF are not XML characters.
  CHECK(xml_text("\xEF\xBF\xBE\xEF\xBF\xBF") == fffd + fffd);
}

TEST_CASE("junit_xml writes testsuites, suites with properties, and cases", "[cli][junit]") {
  JUnitSuite suite;
  suite.name = "shop & co";
  suite.seconds = 1.25;
  suite.properties = {{"seed", "7"}, {"score", "88"}};
  JUnitCase pass{"validates", "shop", 0.0004, JUnitOutcome::kPassed, "", ""};
  JUnitCase fail{
      "scores", "shop", 2, JUnitOutcome::kFailed, "scored 41 < 70", "line one\nline <two>"};
  JUnitCase skip{"breaches", "shop", 0, JUnitOutcome::kSkipped, "no \"incident\"", ""};
  suite.cases = {pass, fail, skip};
  JUnitSuite empty;
  empty.name = "empty";

  const std::string xml = junit_xml("firedrill test", {suite, empty});
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 0) == 0);
  CHECK_THAT(xml, Catch::Contains("<testsuites name=\"firedrill test\" tests=\"3\" "
                                  "failures=\"1\" errors=\"0\" skipped=\"1\" time=\"1.250\">"));
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"shop &amp; co\" tests=\"3\" failures=\"1\" "
                                  "errors=\"0\" skipped=\"1\" time=\"1.250\">"));
  CHECK_THAT(xml, Catch::Contains("<property name=\"seed\" value=\"7\"/>") &&
                      Catch::Contains("<property name=\"score\" value=\"88\"/>"));
  CHECK_THAT(xml,
             Catch::Contains("<testcase name=\"validates\" classname=\"shop\" time=\"0.000\"/>"));
  CHECK_THAT(xml, Catch::Contains("<failure message=\"scored 41 &lt; 70\" type=\"failure\">"
                                  "line one\nline &lt;two&gt;</failure>"));
  CHECK_THAT(xml, Catch::Contains("<skipped message=\"no &quot;incident&quot;\"/>"));
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"empty\" tests=\"0\" failures=\"0\" "
                                  "errors=\"0\" skipped=\"0\" time=\"0.000\">\n  </testsuite>"));
  CHECK(xml.substr(xml.size() - 14) == "</testsuites>\n");
  CHECK(count_of(xml, "<testcase ") == 3);
  CHECK(count_of(xml, "</testcase>") == 2);  // the passing case is self-closing
}

TEST_CASE("test passes a scenario whose reference responder fixes the incident", "[cli][test]") {
  ScratchDir dir;
  const CommandResult r = run_firedrill("test " + scored_scenario("quick-fix"), dir);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("quick-fix (") && Catch::Contains("seed 3)"));
  CHECK_THAT(r.out, Catch::Contains("PASS  validates: 1 services"));
  CHECK_THAT(r.out, Catch::Contains("PASS  the reference responder scores at least the minimum: "
                                    "responder.lua scored "));
  CHECK_THAT(r.out, Catch::Contains("(minimum 70)"));
  CHECK_THAT(r.out, Catch::Contains("PASS  doing nothing breaches the SLO: with nobody acting, "));
  CHECK_THAT(r.out, Catch::Contains("1 scenario, 3 checks: 3 passed, 0 failed, 0 skipped"));
}

TEST_CASE("test fails a scenario whose reference responder scores below its minimum",
          "[cli][test]") {
  ScratchDir dir;
  const CommandResult r = run_firedrill("test " + scored_scenario("useless-responder"), dir);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("PASS  validates"));
  CHECK_THAT(r.out, Catch::Contains("FAIL  the reference responder scores at least the minimum: "
                                    "responder.lua scored ") &&
                        Catch::Contains("below the minimum 70"));
  // The score card's sections and lost points follow, indented.
  CHECK_THAT(r.out, Catch::Contains("        Triage 0/20"));
  CHECK_THAT(r.out, Catch::Contains("PASS  doing nothing breaches the SLO"));
  CHECK_THAT(r.out, Catch::Contains("3 checks: 2 passed, 1 failed, 0 skipped"));
}

TEST_CASE("test fails a scenario where doing nothing does not breach the SLO", "[cli][test]") {
  ScratchDir dir;
  const CommandResult r = run_firedrill("test " + scored_scenario("harmless"), dir);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("PASS  the reference responder scores at least the minimum"));
  CHECK_THAT(r.out, Catch::Contains("FAIL  doing nothing breaches the SLO: the SLO holds: with "
                                    "nobody acting, ") &&
                        Catch::Contains("(objective 99.9%)"));
}

TEST_CASE("test skips the scoring checks of a scenario without an incident or a responder",
          "[cli][test]") {
  ScratchDir dir;
  const CommandResult r = run_firedrill(
      "test '" + std::string(FIREDRILL_TEST_DATA) + "/scenarios/good/minimal.yaml'", dir);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("PASS  validates"));
  CHECK(count_of(r.out, "SKIP  ") == 2);
  CHECK_THAT(r.out, Catch::Contains("no `incident:`"));
  CHECK_THAT(r.out, Catch::Contains("3 checks: 1 passed, 0 failed, 2 skipped"));
}

TEST_CASE("test reports a scenario that does not validate and skips its other checks",
          "[cli][test]") {
  ScratchDir dir;
  const CommandResult r = run_firedrill(
      "test '" + std::string(FIREDRILL_TEST_DATA) + "/scenarios/bad/unknown_call_target.yaml'",
      dir);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out,
             Catch::Contains("FAIL  validates: ") && Catch::Contains("unknown_call_target.yaml:"));
  CHECK(count_of(r.out, "SKIP  ") == 2);
  CHECK_THAT(r.out, Catch::Contains("not run: the scenario does not validate"));
}

TEST_CASE("test --junit writes one suite per scenario and one case per check", "[cli][test]") {
  ScratchDir dir;
  const std::string scenarios = scored_scenario("quick-fix") + " " +
                                scored_scenario("useless-responder") + " " +
                                scored_scenario("flaky-responder") + " '" +
                                std::string(FIREDRILL_TEST_DATA) + "/scenarios/good/minimal.yaml'";
  const CommandResult one = run_firedrill("test " + scenarios + " -j 1 --junit one.xml", dir);
  const CommandResult two = run_firedrill("test " + scenarios + " -j 2 --junit two.xml", dir);
  CHECK(one.exit_code == 1);
  CHECK(two.exit_code == 1);
  CHECK_THAT(one.out, Catch::Contains("4 scenarios, 12 checks: 8 passed, 2 failed, 2 skipped") &&
                          Catch::Contains("JUnit report: one.xml"));
  // Printed in the order given, whatever the threads.
  for (const CommandResult* r : {&one, &two}) {
    const std::size_t a = r->out.find("quick-fix ("), b = r->out.find("useless-responder ("),
                      c = r->out.find("flaky-responder ("), d = r->out.find("minimal (");
    CHECK((a < b && b < c && c < d && d != std::string::npos));
  }

  const std::string xml = read_file(dir.file("two.xml"));
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0) == 0);
  CHECK_THAT(xml, Catch::Contains("<testsuites name=\"firedrill test\" tests=\"12\" "
                                  "failures=\"2\" errors=\"0\" skipped=\"2\""));
  CHECK(count_of(xml, "<testsuite ") == 4);
  CHECK(count_of(xml, "<testcase ") == 12);
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"quick-fix\" tests=\"3\" failures=\"0\""));
  CHECK_THAT(xml, Catch::Contains("<property name=\"seed\" value=\"3\"/>"));
  CHECK_THAT(xml, Catch::Contains("<property name=\"score\" value=\""));
  CHECK_THAT(xml, Catch::Contains("<testcase name=\"validates\" classname=\"quick-fix\" time=\""));
  CHECK_THAT(xml, Catch::Contains("<failure message=\"responder.lua scored ") &&
                      Catch::Contains("below the minimum 70\" type=\"failure\">"));
  CHECK_THAT(xml, Catch::Contains("<skipped message=\"the scenario has no `incident:`"));
  // flaky-responder's bot fails on the scenario's seed with markup and an
  // ANSI escape in its message: escaped, and the escape replaced.
  CHECK_THAT(xml, Catch::Contains("unlucky seed: &lt;bad&gt; &amp; &quot;worse&quot; "
                                  "\xEF\xBF\xBD[31m\" type=\"failure\">"));
  CHECK_THAT(xml, Catch::Contains("unlucky seed: &lt;bad&gt; &amp; \"worse\""));
  CHECK(xml.find('\x1b') == std::string::npos);
  CHECK(xml.substr(xml.size() - 14) == "</testsuites>\n");
}

TEST_CASE("test without SCENARIO tests every folder of ./scenarios holding a scenario.yaml",
          "[cli][test]") {
  ScratchDir dir;
  namespace fs = std::filesystem;
  fs::create_directories(dir.path() / "scenarios" / "notes");  // no scenario.yaml: not tested
  fs::copy(std::string(FIREDRILL_TEST_DATA) + "/scenarios/scored/quick-fix",
           dir.path() / "scenarios" / "b-quick-fix");
  fs::copy(std::string(FIREDRILL_TEST_DATA) + "/scenarios/scored/harmless",
           dir.path() / "scenarios" / "a-harmless");
  const CommandResult r = run_firedrill("test", dir);
  CHECK(r.exit_code == 1);  // harmless does not breach its SLO
  CHECK_THAT(r.out, Catch::Contains("harmless (scenarios/a-harmless, seed 3)") &&
                        Catch::Contains("quick-fix (scenarios/b-quick-fix, seed 3)") &&
                        Catch::Contains("2 scenarios, 6 checks"));
  CHECK(r.out.find("a-harmless") < r.out.find("b-quick-fix"));
  CHECK_THAT(r.out, !Catch::Contains("notes"));

  ScratchDir empty;
  const CommandResult none = run_firedrill("test", empty);
  CHECK(none.exit_code == 1);
  CHECK_THAT(none.err, Catch::Contains("no scenarios to test"));
}
