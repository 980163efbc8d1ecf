#include "sim/scenario/key_paths.h"

#include <algorithm>
#include <cstddef>
#include <map>

#include "sim/io/names.h"
#include "sim/io/yaml_reader.h"

namespace escalade::scenario {
namespace {

struct Walk {
  const std::vector<std::string>& parts;
  std::vector<KeyPathValue>* out;
  std::string first_miss;  // the first part that matched nothing, with a suggestion
  bool found_non_scalar = false;

  void Visit(const YAML::Node& node, std::size_t i, const std::string& walked) {
    if (i == parts.size()) {
      if (!node.IsScalar()) {
        found_non_scalar = true;
        return;
      }
      const YAML::Mark mark = node.Mark();
      KeyPathValue v;
      v.path = walked;
      v.value = node.Scalar();
      if (!mark.is_null() && mark.line >= 0) {
        v.line = mark.line + 1;
        v.column = mark.column + 1;
      }
      out->push_back(std::move(v));
      return;
    }
    const std::string& part = parts[i];
    auto next = [&](const std::string& name) { return walked.empty() ? name : walked + "." + name; };
    if (node.IsMap()) {
      std::vector<std::string> keys;
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) continue;
        const std::string key = entry.first.Scalar();
        keys.push_back(key);
        if (part == "*" || part == key) Visit(entry.second, i + 1, next(key));
      }
      if (part != "*" && std::find(keys.begin(), keys.end(), part) == keys.end() &&
          first_miss.empty()) {
        first_miss = "no key '" + part + "'" + (walked.empty() ? "" : " in " + walked);
        const std::optional<std::string_view> best =
            io::Closest(part, keys, std::max<std::size_t>(1, part.size() / 3));
        if (best) first_miss += "; did you mean '" + std::string(*best) + "'?";
      }
    } else if (node.IsSequence()) {
      if (part == "*") {
        for (std::size_t k = 0; k < node.size(); ++k) Visit(node[k], i + 1, next(std::to_string(k)));
      } else if (IsKeyPathIndex(part) && std::stoul(part) < node.size()) {
        Visit(node[std::stoul(part)], i + 1, next(part));
      } else if (first_miss.empty()) {
        first_miss = (walked.empty() ? std::string("the document") : walked) + " is a list of " +
                     std::to_string(node.size()) + " entries: '" + part +
                     "' is not one of its indices (0.." + std::to_string(node.size()) +
                     "; or '*')";
      }
    } else if (first_miss.empty()) {
      first_miss = (walked.empty() ? std::string("the document") : walked) +
                   " is a single value, not a mapping or a list";
    }
  }
};

void CollectStaff(const YAML::Node& node, const std::string& walked,
                  std::vector<KeyPathValue>* out) {
  auto next = [&](const std::string& name) { return walked.empty() ? name : walked + "." + name; };
  if (node.IsMap()) {
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) continue;
      const std::string key = entry.first.Scalar();
      if (key == "staff" && entry.second.IsScalar()) {
        Walk walk{{}, out, {}, false};
        walk.Visit(entry.second, 0, next(key));
      } else {
        CollectStaff(entry.second, next(key), out);
      }
    }
  } else if (node.IsSequence()) {
    for (std::size_t k = 0; k < node.size(); ++k) CollectStaff(node[k], next(std::to_string(k)), out);
  }
}

// Where the comment of a line starts ('#' at the start or after a blank, outside quotes),
// or npos.
std::size_t CommentStart(const std::string& line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      if (i == 0 || line[i - 1] == ' ' || line[i - 1] == '[' || line[i - 1] == '{' ||
          line[i - 1] == ',' || line[i - 1] == ':') {
        quote = c;
      }
    } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return i;
    }
  }
  return std::string::npos;
}

// The byte offset of 1-based `column` on `line`, counting UTF-8 code points.
std::size_t ByteOfCodePoint(const std::string& line, int column) {
  std::size_t byte = 0;
  for (int c = 1; c < column && byte < line.size(); ++c) {
    ++byte;
    while (byte < line.size() && (static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) ++byte;
  }
  return byte;
}

}  // namespace

std::vector<std::string> SplitKeyPath(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool IsKeyPathIndex(const std::string& part) {
  return !part.empty() && part.size() < 9 &&
         std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
}

kernel::Result<std::vector<KeyPathValue>> ExpandKeyPath(const YAML::Node& document,
                                                        const std::string& pattern) {
  const std::vector<std::string> parts = SplitKeyPath(pattern);
  if (std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); })) {
    return kernel::Status::Error("'" + pattern +
                                 "' is not a key path (names, indices or * separated by dots)");
  }
  std::vector<KeyPathValue> out;
  Walk walk{parts, &out, {}, false};
  try {
    walk.Visit(document, 0, "");
  } catch (const YAML::Exception& e) {
    return kernel::Status::Error("key path '" + pattern + "': " + e.what());
  }
  if (out.empty()) {
    if (walk.found_non_scalar) {
      return kernel::Status::Error("key path '" + pattern +
                                   "' names a mapping or a list, not a single value");
    }
    return kernel::Status::Error("key path '" + pattern + "' matches nothing: " +
                                 (walk.first_miss.empty() ? "no such key" : walk.first_miss));
  }
  return out;
}

std::vector<KeyPathValue> StaffKeyPaths(const YAML::Node& document) {
  std::vector<KeyPathValue> out;
  try {
    for (const char* section : {"departments", "city"}) {
      if (document.IsMap() && document[section]) CollectStaff(document[section], section, &out);
    }
  } catch (const YAML::Exception&) {
    // A document the loader accepted has none of the shapes that throw; nothing to add.
  }
  return out;
}

kernel::Result<std::string> EditScalars(const std::string& text, std::vector<ScalarEdit> edits,
                                        const std::string& prefix) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  // Right to left within a line, so earlier columns stay valid.
  std::sort(edits.begin(), edits.end(), [](const ScalarEdit& a, const ScalarEdit& b) {
    return a.line != b.line ? a.line < b.line : a.column > b.column;
  });
  std::map<int, std::vector<std::string>> notes;  // line → notes, left to right
  for (const ScalarEdit& e : edits) {
    if (e.line < 1 || static_cast<std::size_t>(e.line) > lines.size() || e.column < 1) {
      return kernel::Status::Error("no line " + std::to_string(e.line) + " in the text");
    }
    std::string& line = lines[static_cast<std::size_t>(e.line - 1)];
    std::size_t at = static_cast<std::size_t>(e.column - 1);
    if (line.compare(at, e.before.size(), e.before) != 0) {
      at = ByteOfCodePoint(line, e.column);  // columns counted in characters
      if (line.compare(at, e.before.size(), e.before) != 0) {
        return kernel::Status::Error("line " + std::to_string(e.line) + ", column " +
                                     std::to_string(e.column) + ": expected '" + e.before + "'");
      }
    }
    line.replace(at, e.before.size(), e.after);
    notes[e.line].insert(notes[e.line].begin(), e.note);
  }
  for (const auto& [number, list] : notes) {
    std::string& line = lines[static_cast<std::size_t>(number - 1)];
    std::string comment = "# " + prefix + ": ";
    for (std::size_t i = 0; i < list.size(); ++i) comment += (i ? "; " : "") + list[i];
    const std::size_t hash = CommentStart(line);
    if (hash == std::string::npos) {
      line += "  " + comment;
    } else {
      std::size_t rest = hash + 1;
      while (rest < line.size() && line[rest] == ' ') ++rest;
      line = line.substr(0, hash) + comment + " | " + line.substr(rest);
    }
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += lines[i] + (i + 1 < lines.size() ? "\n" : "");
  return out;
}

}  // namespace escalade::scenario
