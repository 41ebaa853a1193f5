// A thin RAII layer over the SQLite C API for the recording: a connection, a
// prepared statement and a transaction guard. Every failing call throws
// SqliteError carrying SQLite's extended result code and message, so callers
// can tell "not a database" from "corrupt" from "disk full". Internal to
// sim/record.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace firedrill::record {

// A failed SQLite call: what was being done, and SQLite's own code and text.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& message);
  // The extended result code (SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_FULL, ...).
  int code() const { return code_; }
  // The primary result code (the low byte of code()).
  int primary_code() const { return code_ & 0xff; }

 private:
  int code_;
};

// A prepared statement, reset and rebound for each row.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);  // NaN is stored as NULL by SQLite
  Statement& bind(int index, std::string_view text);
  Statement& bind_null(int index);

  // Runs one step: true if a row is ready, false when done.
  bool step();
  // Runs a statement that returns no rows, then resets it for reuse.
  void run();
  // Makes the statement ready to run again (bindings are kept).
  void reset();

  // Columns are 0-based, as in SQLite; valid while a row is ready.
  std::int64_t column_int64(int column) const;
  double column_double(int column) const;
  std::string column_text(int column) const;
  bool column_is_null(int column) const;
  bool column_is_integer(int column) const;

 private:
  [[noreturn]] void fail(int rc, std::string_view what) const;

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// An open connection; closed by the destructor.
class Database {
 public:
  // Opens `path` with sqlite3_open_v2 flags (SQLITE_OPEN_*); extended result
  // codes are on. Throws SqliteError.
  static Database open(const std::string& path, int flags);

  Database() = default;
  Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() { close(); }

  // Runs SQL text (one or more statements) that returns no rows we need.
  void exec(std::string_view sql);
  // Compiles one statement. `persistent` hints SQLite that it is reused many times.
  Statement prepare(std::string_view sql, bool persistent = false);
  // The single integer a query such as "PRAGMA user_version" returns.
  std::int64_t query_int(std::string_view sql);

  // Waits up to `milliseconds` for another connection's lock instead of failing.
  void set_busy_timeout(int milliseconds);
  // Closes the connection (statements still alive are closed with their last
  // owner). Safe to call twice.
  void close() noexcept;

  bool is_open() const { return db_ != nullptr; }
  sqlite3* get() const { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  [[noreturn]] void fail(int rc, std::string_view what) const;

  sqlite3* db_ = nullptr;
};

// A write transaction: BEGIN on construction, ROLLBACK on destruction unless
// commit() ran, so an exception leaves the file as it was.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void commit();

 private:
  Database& db_;
  bool open_ = true;
};

}  // namespace firedrill::record
