// The scenario file format, stated once as data: every section, its keys, and for each key
// its type, unit, default and meaning — the way policies::Parameter declares the policy
// parameters. Three readers use it:
//  - the loader checks every mapping's keys against its section here (unknown keys, with a
//    "did you mean" among the declared ones): KeysOf("street");
//  - schema.h generates the JSON Schema from it (`escalade schema`, shipped as
//    scenarios/schema/scenario.schema.json; a test keeps the file equal to the output);
//  - format_doc.h generates the key tables of scenarios/FORMAT.md (a test keeps them equal).
// The policy arms' `preset` values and `set` parameters come from the policy registry
// (policies/presets.h, rules.h, parameters.h), and the distribution families from
// io::DistributionFamilies(), so neither is stated here again.
//
// What the loader checks beyond the types (sums to 1, cross-references, dates in range)
// stays in the loader; the docs here say it in words.
//
// Thread safety: ScenarioFormat() is built once (thread-safe static) and immutable.
#ifndef ESCALADE_SIM_SCENARIO_FORMAT_H_
#define ESCALADE_SIM_SCENARIO_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace escalade::scenario::format {

enum class Kind : std::uint8_t {
  kRef,      // a named type of the format: `ref` is a Definition's id
  kSection,  // a mapping with declared keys: `ref` is the Section's id
  kString,   // text (`pattern`, `min_length`)
  kBool,     // true or false
  kInteger,  // an integer in [min, max] (min == max: that constant)
  kNumber,   // a number in [min, max] (> min with `exclusive_min`)
  kEnum,     // one of `allowed`
  kList,     // a list of parts[0]
  kMap,      // a mapping from names declared by the file (departments, categories, ...) to parts[0]
  kOneOf,    // exactly one of `parts`
  kAny,      // a scalar, a list or a mapping (a policy parameter's value)
  kTimeDistribution,   // a duration, or {dist: <family>, ...} of durations (io families)
  kPlainDistribution,  // a number, or {dist: <family>, ...} of plain numbers
};

struct Type {
  Kind kind = Kind::kString;
  std::string_view ref;                   // kRef, kSection
  std::string_view pattern;               // kString: the whole text matches this ECMA regex
  std::size_t min_length = 0;             // kString
  std::size_t max_length = 0;             // kString; 0 = no limit
  std::optional<double> min;              // kInteger, kNumber
  std::optional<double> max;              // kInteger, kNumber
  bool exclusive_min = false;             // kNumber
  std::vector<std::string_view> allowed;  // kEnum
  std::vector<Type> parts;                // kList, kMap: {element}; kOneOf: the alternatives
  std::size_t min_items = 0;              // kList: items; kMap: entries
  std::size_t max_items = 0;              // kList: items; 0 = no limit
  bool unique = false;                    // kList: no item twice
  bool any_keys = false;                  // kMap: keys are any text (key paths), not names
  // How FORMAT.md names the type ("list of dates"); empty: composed from the rest.
  std::string_view text;
};

struct Key {
  std::string_view name;
  Type type;
  bool required = false;
  // The default as JSON text ("10", "\"365d\"", "[]"), what the loader fills in when the key
  // is absent; empty when there is none or it is not a literal (see default_text).
  std::string_view default_json;
  // The default in words for FORMAT.md when default_json does not say it ("the name",
  // "flat", "from city.defaults"); empty: default_json, else "required" or "none".
  std::string_view default_text;
  std::string_view unit;  // of a number: "yuan", "per resident per year"; empty: none
  std::string_view doc;   // what it means: one line, lowercase, no final period
};

// One form a section may take: keys it needs, and keys it may not have.
struct Form {
  std::vector<std::string_view> required;
  std::vector<std::string_view> only;      // not empty: no key outside these
  std::vector<std::string_view> excluded;  // none of these
};

struct Section {
  std::string_view id;      // unique; the schema's definition name when `definition`
  std::string_view where;   // its place in a file, as FORMAT.md names it: "city.districts[]"
  std::string_view doc;     // what it is: one line, lowercase, no final period
  std::vector<Key> keys;    // in documentation order
  bool definition = false;  // written once in the schema's definitions and referenced
  std::vector<Form> forms;  // when not empty: valid in any of them (exactly one: one_form)
  bool one_form = false;
  std::size_t min_keys = 0;

  // The keys' names in order (what Node::CheckKeys takes); filled by the format.
  std::vector<std::string_view> names;
  const Key* Find(std::string_view name) const;
};

// A named type (a "definition" of the JSON Schema): names, durations, dates, ...
struct Definition {
  std::string_view id;
  std::string_view doc;  // one line, lowercase, no final period
  Type type;
  std::string_view text;  // how FORMAT.md names it ("calendar duration")
};

class Format {
 public:
  // Takes the declarations; checks that every reference names something declared (a
  // mistake in the declaration is a bug: it aborts).
  Format(std::vector<Definition> definitions, std::vector<Section> sections);

  // REQUIRES: `id` is declared.
  const Section& section(std::string_view id) const;
  const Definition* definition(std::string_view id) const;
  const std::vector<Section>& sections() const { return sections_; }
  const std::vector<Definition>& definitions() const { return definitions_; }
  // The top-level section (the whole file).
  const Section& root() const { return section(kRoot); }

  static constexpr std::string_view kRoot = "scenario";

 private:
  std::vector<Definition> definitions_;
  std::vector<Section> sections_;
  std::map<std::string_view, std::size_t> section_index_;
  std::map<std::string_view, std::size_t> definition_index_;
};

// The scenario format, version 1.
const Format& ScenarioFormat();

// The declared key names of a section, for Node::CheckKeys. REQUIRES: `id` is declared.
std::span<const std::string_view> KeysOf(std::string_view section_id);

// "a mapping with version, meta, departments, city, categories, demand and policies": what
// an empty file lacks, from the required top-level keys.
std::string ExpectedDocument();

// --- Building types (format_keys*.cc) ---

Type Ref(std::string_view id);
Type Of(std::string_view section_id);
Type String(std::string_view pattern = {}, std::size_t min_length = 0);
Type Bool();
Type Integer(std::optional<double> min = std::nullopt, std::optional<double> max = std::nullopt);
Type Number(std::optional<double> min = std::nullopt, std::optional<double> max = std::nullopt);
Type NumberAbove(double min, std::optional<double> max = std::nullopt);  // > min
Type Enum(std::vector<std::string_view> allowed);
Type List(Type element, std::size_t min_items = 0, std::size_t max_items = 0);
Type UniqueList(Type element);
Type MapOf(Type element, std::size_t min_entries = 0);
Type OneOf(std::vector<Type> alternatives);
Type Any();
// A single value of a sweep: text, a number or a boolean.
Type Scalar();
// `type` named for FORMAT.md.
Type Named(Type type, std::string_view text);

// --- Limits the loader enforces, stated here for the schema and the docs as well ---

inline constexpr double kMaxStaff = 1'000'000;           // staff on duty in one unit
inline constexpr double kMaxPopulation = 1'000'000'000;  // residents of one community
inline constexpr double kMaxGrids = 10'000;              // grids of one community
inline constexpr double kMaxGenerated = 999;             // generated districts, streets, ...
inline constexpr double kMaxReplications = 100'000;
inline constexpr double kMaxSweepPoints = 100'000;
inline constexpr double kMaxBacklog = 10'000'000;     // open demands of one community
inline constexpr double kMaxSensors = 1'000'000'000;  // sensors in one group
inline constexpr double kMaxRate = 1'000'000;         // per-capita, per-sensor, multipliers
inline constexpr double kMaxFactor = 1'000;           // holiday factor, yearly trend
inline constexpr double kMaxPatrolRate = 10'000;      // discoveries per grid per hour

// The declarations (format_keys*.cc).
std::vector<Definition> ScalarDefinitions();
void AddTopSections(std::vector<Section>* sections);
void AddCitySections(std::vector<Section>* sections);
void AddDemandSections(std::vector<Section>* sections);

}  // namespace escalade::scenario::format

#endif  // ESCALADE_SIM_SCENARIO_FORMAT_H_
