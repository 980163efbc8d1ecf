// Helpers shared by the libFuzzer targets of tests/fuzz: a private scratch
// directory per process, file writing, the valid base files of the bad-input
// corpus (tests/bad_input/base), and a check that aborts (so that libFuzzer
// records a crash) when a contract of the loaders is broken.
//
// Thread safety: libFuzzer calls a target from one thread; these helpers keep
// process-wide state (the scratch directory) and are not meant for more.
#ifndef ESCALADE_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define ESCALADE_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace escalade::fuzz {

// Aborts with `what` when `condition` is false: a broken contract is a finding.
inline void Require(bool condition, std::string_view what, std::string_view detail = {}) {
  if (condition) return;
  std::fprintf(stderr, "fuzz contract broken: %.*s\n%.*s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// A directory of this process under $TMPDIR (or /tmp), removed at exit.
inline const std::filesystem::path& ScratchDir() {
  struct Dir {
    std::filesystem::path path;
    Dir() {
      const char* tmp = std::getenv("TMPDIR");
      std::string pattern =
          std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/escalade_fuzz_XXXXXX";
      Require(::mkdtemp(pattern.data()) != nullptr, "cannot create a scratch directory");
      path = pattern;
    }
    ~Dir() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Dir dir;
  return dir.path;
}

inline std::string WriteScratch(const std::string& name, std::string_view bytes) {
  const std::filesystem::path path = ScratchDir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  Require(static_cast<bool>(out), "cannot write a scratch file", path.string());
  return path.string();
}

// A file of tests/bad_input/base (ESCALADE_FUZZ_BASE_DIR, set by CMake).
inline std::string ReadBase(const std::string& name) {
  const std::string path = std::string(ESCALADE_FUZZ_BASE_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  Require(static_cast<bool>(in), "cannot read a base file", path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace escalade::fuzz

#endif  // ESCALADE_TESTS_FUZZ_FUZZ_SUPPORT_H_
