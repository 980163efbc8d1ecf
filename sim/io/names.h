// Names in input files and what reading them needs: the name syntax, "did you mean"
// suggestions, an index of the names of one kind, and a read context that resolves a
// reference to a name or records a located "unknown <kind> 'x'; did you mean 'y'?".
//
// Nothing here knows what the names name: the scenario loader indexes departments,
// categories and communities with it, the trace mapping reader the same names in another
// file.
//
// Thread safety: NameIndex is a plain value; a ReadContext belongs to the one thread that
// reads its file.
#ifndef ESCALADE_SIM_IO_NAMES_H_
#define ESCALADE_SIM_IO_NAMES_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/io/yaml_reader.h"

namespace escalade::io {

// [a-z][a-z0-9_]*, at most kMaxNameLength characters (as Node::AsName).
inline constexpr std::size_t kMaxNameLength = 64;
bool IsName(std::string_view text);

// Levenshtein distance, for "did you mean".
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name` within `max_distance` edits (the first of equals), or
// nullopt. Cost O(candidates × length²), but candidates whose length alone puts them out of
// reach are skipped without the quadratic step.
std::optional<std::string_view> Closest(std::string_view name,
                                        std::span<const std::string_view> candidates,
                                        std::size_t max_distance);
std::optional<std::string_view> Closest(std::string_view name,
                                        std::span<const std::string> candidates,
                                        std::size_t max_distance);

// The names of one kind (departments, categories, policies, ...), in declaration order,
// with hash lookup.
class NameIndex {
 public:
  // Adds `name` with `index` unless already present; returns the index of the earlier
  // entry when it is.
  std::optional<int> Insert(const std::string& name, int index);
  std::optional<int> Find(std::string_view name) const;
  const std::vector<std::string>& names() const { return names_; }
  std::size_t size() const { return names_.size(); }
  // One more than the largest index inserted: the size of a vector indexed by them.
  std::size_t slots() const { return slots_; }

  // False when the section declaring the names could not be read (missing or not a
  // mapping): references to unknown names are then not reported, since they would only
  // echo that first error.
  bool complete = true;

 private:
  std::unordered_map<std::string, int> index_;
  std::vector<std::string> names_;
  std::size_t slots_ = 0;
};

// The reading of one file: where its problems go, and the budget of "did you mean"
// searches (each costs O(candidates × length²); past the budget a file is hopeless anyway
// and the rest get the plain message, so an error flood cannot go quadratic).
class ReadContext {
 public:
  explicit ReadContext(Diagnostics& diags) : diags_(diags) {}
  Diagnostics& diags() const { return diags_; }

  // "unknown department 'urban_managment'; did you mean 'urban_management'?", or
  // "...; expected one of: a, b, c" when there are few names and none is close, or
  // "... (N are declared)".
  std::string Unknown(std::string_view kind, std::string_view name,
                      const std::vector<std::string>& candidates);
  // Resolves a reference (a string naming an entry of `names`); records "unknown <kind>
  // ..." at `node` when it names nothing (unless `names` is incomplete).
  std::optional<int> Resolve(const Node& node, std::string_view kind, const NameIndex& names);

 private:
  Diagnostics& diags_;
  int suggestions_left_ = 500;
};

// A mapping entry with the place of its key (messages about a name point at it).
struct KeyEntry {
  std::string key;
  Mark key_mark;
  Node value;
};
// Entries of a mapping in file order, as Node::Entries() but with the place of each key,
// and a repeated key reported in the caller's words: "<what> 'x' <twice> (first at line
// N)", e.g. "department 'water' is declared twice (first at line 12)"; the repeat is
// skipped. A non-mapping records an error.
std::vector<KeyEntry> KeyEntries(const Node& map, std::string_view what, std::string_view twice,
                                 ReadContext& context);
// Records an error at the key when `entry.key` is not a valid name.
bool CheckKeyName(const KeyEntry& entry, std::string_view kind, ReadContext& context);

}  // namespace escalade::io

#endif  // ESCALADE_SIM_IO_NAMES_H_
