#include "sim/record/enum_text.h"

#include <array>
#include <utility>

namespace firedrill {
namespace {

constexpr std::array<std::pair<RunStatus, std::string_view>, 3> kStatuses = {{
    {RunStatus::kRunning, "running"},
    {RunStatus::kComplete, "complete"},
    {RunStatus::kFailed, "failed"},
}};

constexpr std::array<std::pair<LogLevel, std::string_view>, 4> kLevels = {{
    {LogLevel::kDebug, "debug"},
    {LogLevel::kInfo, "info"},
    {LogLevel::kWarn, "warn"},
    {LogLevel::kError, "error"},
}};

constexpr std::array<std::pair<LatencySpec::Distribution, std::string_view>, 3> kDistributions = {{
    {LatencySpec::Distribution::kLognormal, "lognormal"},
    {LatencySpec::Distribution::kExponential, "exponential"},
    {LatencySpec::Distribution::kConstant, "constant"},
}};

template <typename Enum, std::size_t N>
std::string_view text_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum e) {
  for (const auto& [value, text] : table) {
    if (value == e) return text;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse(const std::array<std::pair<Enum, std::string_view>, N>& table,
                          std::string_view text) {
  for (const auto& [value, name] : table) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view run_status_name(RunStatus status) {
  return text_of(kStatuses, status);
}

namespace record {

std::optional<RunStatus> parse_run_status(std::string_view text) {
  return parse(kStatuses, text);
}

std::string_view log_level_text(LogLevel level) {
  return text_of(kLevels, level);
}

std::optional<LogLevel> parse_log_level(std::string_view text) {
  return parse(kLevels, text);
}

std::string_view distribution_text(LatencySpec::Distribution distribution) {
  return text_of(kDistributions, distribution);
}

std::optional<LatencySpec::Distribution> parse_distribution(std::string_view text) {
  return parse(kDistributions, text);
}

}  // namespace record
}  // namespace firedrill
