#include "sim/scenario/format.h"

#include <utility>

#include "sim/kernel/status.h"

namespace escalade::scenario::format {
namespace {

void CheckType(const Format& format, const Type& type, std::string_view where) {
  if (type.kind == Kind::kRef) {
    ESCALADE_CHECK(format.definition(type.ref) != nullptr,
                   std::string(where) + ": no definition '" + std::string(type.ref) + "'");
  }
  if (type.kind == Kind::kSection) (void)format.section(type.ref);
  for (const Type& part : type.parts) CheckType(format, part, where);
}

}  // namespace

const Key* Section::Find(std::string_view name) const {
  for (const Key& key : keys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

Format::Format(std::vector<Definition> definitions, std::vector<Section> sections)
    : definitions_(std::move(definitions)), sections_(std::move(sections)) {
  for (std::size_t i = 0; i < definitions_.size(); ++i) {
    ESCALADE_CHECK(definition_index_.emplace(definitions_[i].id, i).second,
                   "definition '" + std::string(definitions_[i].id) + "' declared twice");
  }
  for (std::size_t i = 0; i < sections_.size(); ++i) {
    Section& section = sections_[i];
    ESCALADE_CHECK(section_index_.emplace(section.id, i).second,
                   "section '" + std::string(section.id) + "' declared twice");
    section.names.clear();
    for (const Key& key : section.keys) section.names.push_back(key.name);
  }
  for (const Definition& definition : definitions_)
    CheckType(*this, definition.type, definition.id);
  for (const Section& section : sections_) {
    for (const Key& key : section.keys) CheckType(*this, key.type, section.id);
    for (const Form& form : section.forms) {
      for (const auto* list : {&form.required, &form.only, &form.excluded}) {
        for (std::string_view name : *list) {
          ESCALADE_CHECK(
              section.Find(name) != nullptr,
              std::string(section.id) + ": a form names no key '" + std::string(name) + "'");
        }
      }
    }
  }
  (void)section(kRoot);
}

const Section& Format::section(std::string_view id) const {
  const auto it = section_index_.find(id);
  ESCALADE_CHECK(it != section_index_.end(), "no section '" + std::string(id) + "' in the format");
  return sections_[it->second];
}

const Definition* Format::definition(std::string_view id) const {
  const auto it = definition_index_.find(id);
  return it == definition_index_.end() ? nullptr : &definitions_[it->second];
}

const Format& ScenarioFormat() {
  static const Format format = [] {
    std::vector<Section> sections;
    AddTopSections(&sections);
    AddCitySections(&sections);
    AddDemandSections(&sections);
    return Format(ScalarDefinitions(), std::move(sections));
  }();
  return format;
}

std::span<const std::string_view> KeysOf(std::string_view section_id) {
  return ScenarioFormat().section(section_id).names;
}

std::string ExpectedDocument() {
  std::vector<std::string_view> required;
  for (const Key& key : ScenarioFormat().root().keys) {
    if (key.required) required.push_back(key.name);
  }
  std::string text = "a mapping with ";
  for (std::size_t i = 0; i < required.size(); ++i) {
    if (i > 0) text += i + 1 == required.size() ? " and " : ", ";
    text += required[i];
  }
  return text;
}

Type Ref(std::string_view id) { return {.kind = Kind::kRef, .ref = id}; }
Type Of(std::string_view section_id) { return {.kind = Kind::kSection, .ref = section_id}; }
Type String(std::string_view pattern, std::size_t min_length) {
  return {.kind = Kind::kString, .pattern = pattern, .min_length = min_length};
}
Type Bool() { return {.kind = Kind::kBool}; }
Type Integer(std::optional<double> min, std::optional<double> max) {
  return {.kind = Kind::kInteger, .min = min, .max = max};
}
Type Number(std::optional<double> min, std::optional<double> max) {
  return {.kind = Kind::kNumber, .min = min, .max = max};
}
Type NumberAbove(double min, std::optional<double> max) {
  return {.kind = Kind::kNumber, .min = min, .max = max, .exclusive_min = true};
}
Type Enum(std::vector<std::string_view> allowed) {
  return {.kind = Kind::kEnum, .allowed = std::move(allowed)};
}
Type List(Type element, std::size_t min_items, std::size_t max_items) {
  return {.kind = Kind::kList,
          .parts = {std::move(element)},
          .min_items = min_items,
          .max_items = max_items};
}
Type UniqueList(Type element) {
  Type list = List(std::move(element));
  list.unique = true;
  return list;
}
Type MapOf(Type element, std::size_t min_entries) {
  return {.kind = Kind::kMap, .parts = {std::move(element)}, .min_items = min_entries};
}
Type OneOf(std::vector<Type> alternatives) {
  return {.kind = Kind::kOneOf, .parts = std::move(alternatives)};
}
Type Any() { return {.kind = Kind::kAny}; }
Type Scalar() { return Named(OneOf({String(), Number(), Bool()}), "value"); }
Type Named(Type type, std::string_view text) {
  type.text = text;
  return type;
}

}  // namespace escalade::scenario::format
