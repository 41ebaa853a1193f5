// Internal to scripting/: the Lua half of the sandbox, run once in every new
// state. It replaces the standard functions whose behaviour would differ
// between runs (pairs and next order, tostring addresses) or would reach
// outside the sandbox, with deterministic or refusing versions.
#pragma once

namespace firedrill::scripting {

// A chunk taking (raw functions table) and installing the sandbox globals.
extern const char* const kSandboxPrelude;

}  // namespace firedrill::scripting
