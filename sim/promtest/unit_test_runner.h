// Running a promtool unit-test file the way `promtool test rules` 2.42 does:
//
//   UnitTestFile file = load_unit_test_file(path);
//   std::vector<std::string> failures = run_unit_tests(file, warnings);
//   // empty: SUCCESS; otherwise one readable explanation per failed check
//
// For each test group: input samples at i * interval; every rule group (in
// group_eval_order, else file order) evaluated at every evaluation_interval
// step from 0 to the group's largest eval_time, whatever the group's own
// interval; an alert_rule_test checked against the FIRING alerts of the last
// step at or before its eval_time; promql_expr_test run as instant queries
// after all steps, values compared exactly (so NaN never matches). A rule
// evaluation error fails the group at that step.
#pragma once

#include <string>
#include <vector>

#include "sim/promtest/unit_test_file.h"

namespace firedrill::promtest {

// Runs every test group. Returns the failures, each a few lines of text like
// promtool's ("    alertname: X, time: 5m, \n        exp:..."). Rule files
// are loaded with load_rule_file (InputError propagates); a rule file that
// does not exist is skipped with a line in `warnings`, as promtool does.
std::vector<std::string> run_unit_tests(const UnitTestFile& file,
                                        std::vector<std::string>& warnings);

}  // namespace firedrill::promtest
