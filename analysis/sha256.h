// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits: the
// scenario fingerprint in manifest.json. Small and dependency-free; speed is
// irrelevant for files of a few hundred kilobytes.
#ifndef ESCALADE_ANALYSIS_SHA256_H_
#define ESCALADE_ANALYSIS_SHA256_H_

#include <string>
#include <string_view>

namespace escalade::analysis {

std::string Sha256Hex(std::string_view data);

}  // namespace escalade::analysis

#endif  // ESCALADE_ANALYSIS_SHA256_H_
