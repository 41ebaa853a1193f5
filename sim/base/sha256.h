// SHA-256 digests (OpenSSL underneath), for content identities: scenario
// hashes, recording comparisons in tests.
#pragma once

#include <string>
#include <string_view>

namespace firedrill {

// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // The digest as 64 lowercase hex digits. Call once.
  std::string hex_digest();

 private:
  void* ctx_;  // EVP_MD_CTX, kept opaque so that users need no OpenSSL headers
};

// The SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace firedrill
