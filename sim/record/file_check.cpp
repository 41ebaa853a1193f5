#include "sim/record/file_check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "sim/base/input_error.h"

namespace firedrill::record {
namespace {

// The first 100 bytes of an SQLite file (https://sqlite.org/fileformat.html).
constexpr std::size_t kHeaderSize = 100;
constexpr char kMagic[] = "SQLite format 3";  // 16 bytes with its terminating NUL

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw InputError(message, SourceLocation{path, 0, 0});
}

// An open file descriptor, closed on scope exit.
class File {
 public:
  explicit File(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

struct Header {
  std::array<unsigned char, kHeaderSize> bytes{};
  std::size_t length = 0;  // how many bytes the file had (at most kHeaderSize)
  std::int64_t file_size = 0;
};

std::uint32_t big_endian(const unsigned char* p, int n) {
  std::uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

Header read_header(const std::string& path) {
  File file(path);
  if (file.fd() < 0) {
    int error = errno;
    if (error == ENOENT) throw InputError("no such recording '" + path + "'");
    fail(path, std::string("cannot open the recording: ") + std::strerror(error));
  }
  struct stat info {};
  if (::fstat(file.fd(), &info) != 0) {
    fail(path, std::string("cannot read the recording: ") + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) fail(path, "not a firedrill recording: it is a directory");
  if (!S_ISREG(info.st_mode)) fail(path, "not a firedrill recording: not a regular file");
  Header header;
  header.file_size = static_cast<std::int64_t>(info.st_size);
  while (header.length < kHeaderSize) {
    ssize_t n = ::read(file.fd(), header.bytes.data() + header.length, kHeaderSize - header.length);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path, std::string("cannot read the recording: ") + std::strerror(errno));
    if (n == 0) break;
    header.length += static_cast<std::size_t>(n);
  }
  return header;
}

}  // namespace

void check_is_sqlite_file(const std::string& path) {
  Header header = read_header(path);
  if (header.file_size == 0) {
    fail(path, "not a firedrill recording: the file is empty");
  }
  if (header.length < kHeaderSize || std::memcmp(header.bytes.data(), kMagic, sizeof kMagic) != 0) {
    fail(path, "not a firedrill recording: not an SQLite database");
  }
}

void check_not_truncated(const std::string& path) {
  Header header = read_header(path);
  if (header.length < kHeaderSize) {
    fail(path, "truncated or damaged: the file is shorter than an SQLite header");
  }
  const unsigned char* h = header.bytes.data();
  std::uint32_t page_size = big_endian(h + 16, 2);
  if (page_size == 1) page_size = 65536;
  std::uint32_t change_counter = big_endian(h + 24, 4);
  std::uint32_t page_count = big_endian(h + 28, 4);
  std::uint32_t valid_for = big_endian(h + 92, 4);
  if (page_size < 512 || (page_size & (page_size - 1)) != 0) {
    fail(path, "truncated or damaged: invalid page size " + std::to_string(page_size));
  }
  if (header.file_size % page_size != 0) {
    fail(path, "truncated or damaged: the file's size (" + std::to_string(header.file_size) +
                   " bytes) is not a whole number of " + std::to_string(page_size) + "-byte pages");
  }
  // SQLite trusts the header's page count only when it was written by a
  // version that maintains it, which is what "version-valid-for" records.
  if (page_count == 0 || change_counter != valid_for) return;
  std::int64_t expected = static_cast<std::int64_t>(page_count) * page_size;
  if (header.file_size < expected) {
    fail(path, "truncated or damaged: the header says " + std::to_string(page_count) +
                   " pages of " + std::to_string(page_size) + " bytes (" +
                   std::to_string(expected) + " bytes) but the file holds " +
                   std::to_string(header.file_size) + " bytes");
  }
}

}  // namespace firedrill::record
