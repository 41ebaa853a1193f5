#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include "sim/record/recording.h"

namespace firedrill {
namespace {

struct DigestContextFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

void update(EVP_MD_CTX* ctx, const void* data, std::size_t size) {
  if (EVP_DigestUpdate(ctx, data, size) != 1) throw std::runtime_error("SHA-256 update failed");
}

// Each field is preceded by its length as 8 bytes little-endian, so that
// ("ab", "c") and ("a", "bc") hash differently.
void update_field(EVP_MD_CTX* ctx, const std::string& field) {
  std::array<unsigned char, 8> length{};
  auto n = static_cast<std::uint64_t>(field.size());
  for (std::size_t i = 0; i < length.size(); ++i) {
    length[i] = static_cast<unsigned char>(n >> (8 * i));
  }
  update(ctx, length.data(), length.size());
  update(ctx, field.data(), field.size());
}

}  // namespace

std::string scenario_hash(const std::vector<ScenarioSource>& sources) {
  std::unique_ptr<EVP_MD_CTX, DigestContextFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 is not available from OpenSSL");
  }
  for (const auto& source : sources) {
    update_field(ctx.get(), source.path);
    update_field(ctx.get(), source.content);
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &digest_size) != 1) {
    throw std::runtime_error("SHA-256 final failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < digest_size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace firedrill
