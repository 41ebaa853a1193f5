// The action vocabulary: parsing, normalising, quoting, and the refusals of
// malformed actions with their usage.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/response/action.h"

using namespace firedrill;

namespace {

std::string syntax_error(const std::string& text) {
  try {
    parse_action(text);
  } catch (const ActionSyntaxError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("split_words keeps quoted words together and unescapes them", "[response]") {
  CHECK(split_words("declare \"Checkout is down\"") ==
        std::vector<std::string>{"declare", "Checkout is down"});
  CHECK(split_words("  status   \"say \\\"hi\\\" \\\\ now\"  ") ==
        std::vector<std::string>{"status", "say \"hi\" \\ now"});
  CHECK(split_words("silence alertname=\"High Latency\" 1h") ==
        std::vector<std::string>{"silence", "alertname=High Latency", "1h"});
  CHECK(split_words("declare \"\"") == std::vector<std::string>{"declare", ""});
  CHECK(split_words("silence 'alertname=\"X Y\"' 1h") ==
        std::vector<std::string>{"silence", "alertname=\"X Y\"", "1h"});
  CHECK_THROWS_AS(split_words("silence 'oops"), ActionSyntaxError);
  CHECK_THROWS_AS(split_words("declare \"oops"), ActionSyntaxError);
}

TEST_CASE("quote_word round-trips through split_words", "[response]") {
  for (const std::string word :
       {"plain", "two words", "a \"quote\"", "back\\slash", "", "it's", "'single'"}) {
    const auto words = split_words("x " + quote_word(word));
    REQUIRE(words.size() == 2);
    CHECK(words[1] == word);
  }
}

TEST_CASE("every verb parses and normalises its words", "[response]") {
  Action a = parse_action("ack #3");
  CHECK(a.verb == Verb::kAck);
  CHECK(a.args == std::vector<std::string>{"3"});
  CHECK(a.text() == "ack 3");

  CHECK(parse_action("declare Checkout is failing").args ==
        std::vector<std::string>{"Checkout is failing"});
  CHECK(parse_action("declare Checkout is failing").text() == "declare \"Checkout is failing\"");
  CHECK(parse_action("severity sev2").args == std::vector<std::string>{"SEV-2"});
  CHECK(parse_action("SEVERITY SEV-1").verb == Verb::kSeverity);
  CHECK(parse_action("role Commander alice").args ==
        std::vector<std::string>{"commander", "alice"});
  CHECK(parse_action("escalate payments").verb == Verb::kEscalate);
  CHECK(parse_action("investigate checkout").args == std::vector<std::string>{"checkout"});
  CHECK(parse_action("mitigate restart checkout").args ==
        std::vector<std::string>{"restart", "checkout"});
  CHECK(parse_action("mitigate scale 6 checkout").args ==
        std::vector<std::string>{"scale", "6", "checkout"});
  CHECK(parse_action("mitigate rate-limit 200/s frontend").args ==
        std::vector<std::string>{"rate-limit", "200/s", "frontend"});
  CHECK(parse_action("mitigate rate-limit OFF frontend").args[1] == "off");
  CHECK(parse_action("mitigate flag recommendations OFF frontend").args ==
        std::vector<std::string>{"flag", "recommendations", "off", "frontend"});
  CHECK(parse_action("silence 'alertname=\"X\"' 1h").args.size() == 2);
  CHECK(parse_action("status \"Rolling back checkout\"").args ==
        std::vector<std::string>{"Rolling back checkout"});
  CHECK(parse_action("rootcause checkout Memory-Leak").args ==
        std::vector<std::string>{"checkout", "memory-leak"});
  CHECK(parse_action("resolve").args.empty());
}

TEST_CASE("text() gives back an action that parses to the same", "[response]") {
  for (const char* text :
       {"ack 12", "declare \"Orders failing \\\"badly\\\"\"", "severity SEV-3", "role scribe bob",
        "mitigate flag new-ui off frontend", "silence \"service=\\\"db\\\"\" 30m",
        "rootcause orders-db outage", "resolve"}) {
    const Action a = parse_action(text);
    const Action b = parse_action(a.text());
    CHECK(b.verb == a.verb);
    CHECK(b.args == a.args);
    CHECK(a.text() == text);
  }
}

TEST_CASE("malformed actions are refused with what was expected", "[response]") {
  CHECK(syntax_error("") == "empty action");
  CHECK(syntax_error("acknowledge 3") == "unknown action 'acknowledge'");
  CHECK(syntax_error("ak 3") == "unknown action 'ak' (did you mean 'ack'?)");
  CHECK(syntax_error("ack three") ==
        "ack: the incident is its number, like 3 or #3, got 'three' (usage: ack INCIDENT)");
  CHECK(syntax_error("ack") == "ack takes 1 word, got 0 (usage: ack INCIDENT)");
  CHECK(syntax_error("severity SEV-5").find("severity: SEV-1, SEV-2, SEV-3 or SEV-4") == 0);
  CHECK(syntax_error("role chief alice") ==
        "unknown role 'chief' (usage: role commander|comms|ops|scribe NAME)");
  CHECK(syntax_error("mitigate reboot checkout").find("unknown mitigation 'reboot'") == 0);
  CHECK(syntax_error("mitigate restrat checkout")
            .find("unknown mitigation 'restrat' (did you mean 'restart'?)") == 0);
  CHECK(syntax_error("mitigate scale checkout").find("mitigate scale takes 2 words after it") == 0);
  CHECK(syntax_error("mitigate scale 0 checkout").find("from 1 to 1000") != std::string::npos);
  CHECK(syntax_error("mitigate rate-limit fast frontend").find("like 200/s, or off") !=
        std::string::npos);
  CHECK(syntax_error("mitigate flag x maybe frontend").find("on or off") != std::string::npos);
  CHECK(syntax_error("rootcause checkout gremlins").find("unknown fault kind 'gremlins'") == 0);
  CHECK(syntax_error("rootcause checkout memory-leek").find("(did you mean 'memory-leak'?)") !=
        std::string::npos);
  CHECK(syntax_error("resolve now") == "resolve takes no words, got 1 (usage: resolve)");
  CHECK(syntax_error("declare \"\"").find("the text is empty") != std::string::npos);
}

TEST_CASE("numbers are written one way, so that equal actions have equal text", "[response]") {
  CHECK(parse_action("mitigate scale 03 checkout").text() == "mitigate scale 3 checkout");
  CHECK(parse_action("mitigate rate-limit 200 frontend").text() ==
        "mitigate rate-limit 200/s frontend");
  CHECK(parse_action("mitigate rate-limit 200.0/s frontend").text() ==
        "mitigate rate-limit 200/s frontend");
  CHECK(parse_action("mitigate rate-limit 12.5/s frontend").text() ==
        "mitigate rate-limit 12.5/s frontend");
  CHECK(syntax_error("mitigate rate-limit 0/s frontend").find("must be more than 0") !=
        std::string::npos);
}

TEST_CASE("an action with a control character is refused", "[response]") {
  CHECK(syntax_error("investigate checkout\r").find("control character (code 13)") !=
        std::string::npos);
  CHECK(syntax_error("status \"a\nb\"").find("control character (code 10)") != std::string::npos);
}

TEST_CASE("help lists every verb once with a usage", "[response]") {
  CHECK(verb_help().size() == 11);
  for (const VerbHelp& h : verb_help()) {
    CHECK(verb_name(h.verb) == h.name);
    CHECK(h.usage.rfind(h.name, 0) == 0);
    CHECK_FALSE(h.help.empty());
  }
}
