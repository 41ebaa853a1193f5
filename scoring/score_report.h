// The score card as people and programs read it: aligned text for the
// terminal (`firedrill score`) and JSON (`firedrill score --json`, the
// schema in docs/scoring.md).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "scoring/score_card.h"

namespace firedrill {

// The card as text: the total, then each section and item with its points
// and reason.
std::string score_card_text(const ScoreCard& card);

// The card as JSON: {"scenario", "seed", "total", "max", "sections": [...],
// "times": {...}, "impact": {...}, "pages": [...]}. Times in seconds from
// the start of the run, null when a milestone did not happen.
nlohmann::json score_card_json(const ScoreCard& card);

}  // namespace firedrill
