// Gzip(text): `text` as one gzip member, as gzip(1) writes it — for tests that need a
// compressed trace. Header-only; link ZLIB::ZLIB.
#ifndef ESCALADE_TESTS_GZIP_FOR_TESTS_H_
#define ESCALADE_TESTS_GZIP_FOR_TESTS_H_

#include <zlib.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace escalade::test_support {

inline std::string Gzip(std::string_view text) {
  z_stream stream{};
  if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("deflate");
  return out;
}

}  // namespace escalade::test_support

#endif  // ESCALADE_TESTS_GZIP_FOR_TESTS_H_
