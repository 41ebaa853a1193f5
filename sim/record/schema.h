// The recording's SQLite schema (format version kRecordingFormatVersion) and
// the settings every recording is written with. docs/recording-format.md is
// the user-facing description of the same tables; keep the two in step.
// Internal to sim/record.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace firedrill::record {

class Database;

// PRAGMA application_id of every recording: "FDR1" in ASCII.
inline constexpr std::int32_t kApplicationId = 0x46445231;

// The oldest reader version that can read what this engine writes. Raise it to
// kRecordingFormatVersion when a change would make older readers misread a file;
// leave it when a change only adds tables or meta keys that older readers ignore.
inline constexpr int kMinReaderVersion = 1;

// Fixed so that the same data gives the same bytes whatever SQLite's default is.
inline constexpr int kPageSize = 4096;

// Sets the file-level pragmas (page size, journal mode, durability) on a new,
// empty database. Must run before the first table is created.
void configure_new_file(Database& db);

// Creates every table and writes application_id and user_version. Runs inside
// the caller's transaction.
void create_schema(Database& db);

// The tables a reader needs, each of which must exist as a table.
std::span<const std::string_view> required_tables();

}  // namespace firedrill::record
