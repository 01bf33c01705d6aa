#include "scenarios/etcd/hash_kv_proto.hpp"

#include <string_view>

namespace klab::scenarios::hash_kv_proto {
namespace {

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// A protobuf reader over one message; every method fails (returns false/nullopt)
// rather than reading past the end.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool done() const { return pos_ >= data_.size(); }

  std::optional<std::uint64_t> varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return std::nullopt;
      auto byte = static_cast<unsigned char>(data_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    return std::nullopt;
  }

  std::optional<std::string_view> bytes() {
    auto len = varint();
    if (!len || *len > data_.size() - pos_) return std::nullopt;
    std::string_view out = data_.substr(pos_, *len);
    pos_ += *len;
    return out;
  }

  // Skips a field we do not know; false on a wire type we cannot skip.
  bool skip(std::uint64_t wire_type) {
    switch (wire_type) {
      case 0: return varint().has_value();
      case 1: return advance(8);
      case 2: return bytes().has_value();
      case 5: return advance(4);
      default: return false;
    }
  }

 private:
  bool advance(std::size_t n) {
    if (n > data_.size() - pos_) return false;
    pos_ += n;
    return true;
  }
  std::string_view data_;
  std::size_t pos_ = 0;
};

bool parse_header(std::string_view data, ResponseHeader& h) {
  Reader r(data);
  while (!r.done()) {
    auto tag = r.varint();
    if (!tag) return false;
    std::uint64_t field = *tag >> 3, wire = *tag & 7;
    if (wire == 0 && field >= 1 && field <= 4) {
      auto v = r.varint();
      if (!v) return false;
      if (field == 1) h.cluster_id = *v;
      if (field == 2) h.member_id = *v;
      if (field == 3) h.revision = static_cast<std::int64_t>(*v);
      if (field == 4) h.raft_term = *v;
    } else if (!r.skip(wire)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string framed_request(std::int64_t revision) {
  std::string message;
  if (revision != 0) {  // proto3 leaves out zero
    message.push_back(0x08);
    put_varint(message, static_cast<std::uint64_t>(revision));
  }
  std::string framed;
  framed.push_back('\0');  // not compressed
  auto len = static_cast<std::uint32_t>(message.size());
  for (int shift = 24; shift >= 0; shift -= 8) framed.push_back(static_cast<char>((len >> shift) & 0xff));
  return framed + message;
}

std::optional<HashKv> parse_framed_response(const std::string& body) {
  if (body.size() < 5 || body[0] != '\0') return std::nullopt;
  std::uint32_t len = 0;
  for (int i = 1; i <= 4; ++i) len = (len << 8) | static_cast<unsigned char>(body[i]);
  if (len != body.size() - 5) return std::nullopt;
  Reader r(std::string_view(body).substr(5));
  HashKv out;
  while (!r.done()) {
    auto tag = r.varint();
    if (!tag) return std::nullopt;
    std::uint64_t field = *tag >> 3, wire = *tag & 7;
    if (field == 1 && wire == 2) {
      auto data = r.bytes();
      if (!data || !parse_header(*data, out.header)) return std::nullopt;
    } else if ((field == 2 || field == 3) && wire == 0) {
      auto v = r.varint();
      if (!v) return std::nullopt;
      if (field == 2) out.hash = static_cast<std::uint32_t>(*v);
      if (field == 3) out.compact_revision = static_cast<std::int64_t>(*v);
    } else if (!r.skip(wire)) {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace klab::scenarios::hash_kv_proto
