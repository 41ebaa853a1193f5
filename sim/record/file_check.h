// Checks on a recording's file made outside SQLite, so that a user is told
// "no such recording", "not an SQLite database" or "truncated" in those words
// rather than SQLite's generic ones. Internal to sim/record.
#pragma once

#include <string>

namespace firedrill::record {

// Throws InputError unless `path` is an existing, non-empty regular file that
// starts with the SQLite header.
void check_is_sqlite_file(const std::string& path);

// Throws InputError if the header's page count does not fit the file's size
// (the file was cut short, e.g. by an interrupted copy). Call it while holding
// a read transaction, after SQLite has rolled back any hot journal, so that
// neither a writer nor a recovery changes the file under it.
void check_not_truncated(const std::string& path);

}  // namespace firedrill::record
