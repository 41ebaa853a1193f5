#include "sim/record/sqlite_handle.h"

#include <sqlite3.h>

#include <climits>

namespace firedrill::record {
namespace {

// SQLite's own words for the failure ("database or disk is full"); `what`
// (the step that failed) is kept for the one case SQLite has no message.
std::string describe(sqlite3* db, int rc, std::string_view what) {
  // sqlite3_errmsg describes the connection's last error, which is this one
  // unless the failure happened before a connection existed.
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (message == nullptr || *message == '\0') return std::string(what) + " failed";
  return message;
}

int to_int_length(std::string_view sql) {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
    throw SqliteError(SQLITE_TOOBIG, "SQL text too long");
  }
  return static_cast<int>(sql.size());
}

}  // namespace

SqliteError::SqliteError(int code, const std::string& message)
    : std::runtime_error(message), code_(code) {}

// --- Statement ---

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

void Statement::fail(int rc, std::string_view what) const {
  throw SqliteError(sqlite3_extended_errcode(db_) != SQLITE_OK ? sqlite3_extended_errcode(db_) : rc,
                    describe(db_, rc, what));
}

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) fail(rc, "binding a parameter");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) fail(rc, "binding a parameter");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) {
    throw SqliteError(SQLITE_TOOBIG, "text too long for the recording");
  }
  // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may go away.
  int rc =
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(rc, "binding a parameter");
  return *this;
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) fail(rc, "binding a parameter");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The statement's own error code is more precise than the step's return.
  int code = sqlite3_extended_errcode(db_);
  std::string message = describe(db_, rc, "running SQL");
  sqlite3_reset(stmt_);
  throw SqliteError(code != SQLITE_OK ? code : rc, message);
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::column_double(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::column_text(int column) const {
  // column_text before column_bytes: the documented order that gives the
  // length of the UTF-8 text.
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  int bytes = sqlite3_column_bytes(stmt_, column);
  if (text == nullptr || bytes <= 0) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes));
}

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

bool Statement::column_is_integer(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_INTEGER;
}

// --- Database ---

Database Database::open(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    int code = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    std::string message = describe(db, rc, "opening the file");
    sqlite3_close_v2(db);
    throw SqliteError(code, message);
  }
  sqlite3_extended_result_codes(db, 1);
  return Database(db);
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

void Database::fail(int rc, std::string_view what) const {
  int code = sqlite3_extended_errcode(db_);
  throw SqliteError(code != SQLITE_OK ? code : rc, describe(db_, rc, what));
}

void Database::exec(std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, "running SQL");
}

Statement Database::prepare(std::string_view sql, bool persistent) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), to_int_length(sql),
                              persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) fail(rc, "preparing SQL");
  if (stmt == nullptr) throw SqliteError(SQLITE_MISUSE, "preparing SQL: empty statement");
  return Statement(db_, stmt);
}

std::int64_t Database::query_int(std::string_view sql) {
  Statement statement = prepare(sql);
  if (!statement.step()) throw SqliteError(SQLITE_ERROR, std::string(sql) + ": no result");
  return statement.column_int64(0);
}

void Database::set_busy_timeout(int milliseconds) {
  sqlite3_busy_timeout(db_, milliseconds);
}

void Database::close() noexcept {
  // close_v2 defers the close until the last statement is finalized, so the
  // order in which owners are destroyed does not matter.
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

// --- Transaction ---

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN");
}

Transaction::~Transaction() {
  if (!open_) return;
  // Rolling back cannot usefully fail here: if it does, SQLite has already
  // rolled back on its own (e.g. after an I/O error), or the journal rolls the
  // file back the next time it is opened.
  sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace firedrill::record
