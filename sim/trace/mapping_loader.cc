// `demand.trace`: the mapping file of a replayed trace (scenarios/TRACES.md),
// read and checked against the scenario's communities, categories and
// departments. Its problems are reported at their place in the mapping file.
//
// Decisions where TRACES.md is silent:
//  - the CSV file need not exist when the scenario is loaded (a clone without
//    the shared data can still validate the scenario); the replay reports a
//    missing file when it opens it;
//  - map keys are compared after trimming surrounding spaces, case-sensitively;
//  - a drop rule needs at least one value; `reason` defaults to "drop rule <i>".
#include "sim/trace/mapping_loader.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel/text.h"
#include "sim/model/demand_spec.h"

namespace escalade::trace {
namespace {

using io::KeyEntries;
using io::KeyEntry;
using io::NameIndex;
using io::Node;
using kernel::Quote;

// For the message about an empty mapping file.
constexpr char kExpectedDocument[] = "a mapping with version, trace and columns";

MappingRef RefOf(const Node& node) { return {node.line(), node.column(), node.path()}; }

std::string Folder(const std::string& path) {
  return std::filesystem::path(path).parent_path().string();
}

std::string Resolve(const std::string& folder, const std::string& name) {
  const std::filesystem::path path(name);
  if (path.is_absolute() || folder.empty()) return path.lexically_normal().string();
  return (std::filesystem::path(folder) / path).lexically_normal().string();
}

class MappingReader {
 public:
  MappingReader(const MappingTargets& targets, io::ReadContext& context)
      : targets_(targets), context_(context) {
    for (int i = 0; i < model::kChannelCount; ++i) {
      channels_.Insert(std::string(model::ChannelName(static_cast<model::Channel>(i))), i);
    }
  }

  void Read(const Node& root, TraceMapping* mapping) {
    root.CheckKeys({"version", "trace", "columns", "drop"});
    if (!root.IsMap()) return;
    const Node version = root["version"];
    if (const std::optional<std::int64_t> v = version.AsInt(1, 1)) (void)v;
    ReadTrace(root["trace"], mapping);
    const Node columns = root["columns"];
    if (!columns.defined()) {
      columns.Error("is required: at least created, origin and category");
    } else {
      columns.CheckKeys(
          {"id", "created", "closed", "target", "origin", "category", "channel", "department"});
      if (columns.IsMap()) {
        if (columns.Has("id")) {
          const Node id = columns["id"];
          if (std::optional<std::string> name = id.AsString()) {
            mapping->id_column = *name;
            mapping->id_ref = RefOf(id);
          }
        }
        ReadTime(columns["created"], /*required=*/true, &mapping->created);
        ReadTime(columns["closed"], false, &mapping->closed);
        ReadTime(columns["target"], false, &mapping->target);
        ReadValues(columns["origin"], "community", *targets_.communities, true, &mapping->origin);
        ReadValues(columns["category"], "category", *targets_.categories, true, &mapping->category);
        if (columns.Has("channel")) {
          ReadValues(columns["channel"], "channel", channels_, true, &mapping->channel);
        } else {
          mapping->channel.present = true;
          mapping->channel.constant = static_cast<int>(model::Channel::kHotline);
        }
        if (columns.Has("department")) {
          ReadValues(columns["department"], "department", *targets_.departments, true,
                     &mapping->department);
        }
      }
    }
    if (root.Has("drop")) ReadDrop(root["drop"], mapping);
  }

 private:
  void ReadTrace(const Node& node, TraceMapping* mapping) {
    if (!node.defined()) {
      node.Error("is required: at least trace.file");
      return;
    }
    node.CheckKeys({"file", "utc_offset", "order"});
    if (!node.IsMap()) return;
    if (std::optional<std::string> file = node["file"].AsString()) {
      mapping->file = Resolve(Folder(mapping->mapping_path), *file);
      mapping->file_ref = RefOf(node["file"]);
    }
    if (node.Has("utc_offset")) {
      mapping->utc_offset_minutes = node["utc_offset"].AsUtcOffsetMinutes().value_or(0);
    } else {
      node["utc_offset"].Error("is required: the trace's wall clock as ±HH:MM (e.g. \"-05:00\")");
    }
    if (node.Has("order")) {
      const Node order = node["order"];
      if (std::optional<std::string> text = order.AsString()) {
        if (*text == "ascending") {
          mapping->order = TraceOrder::kAscending;
        } else if (*text == "sort") {
          mapping->order = TraceOrder::kSort;
        } else {
          order.Error(
              "expected 'ascending' (rows in creation order; out of order is an error) "
              "or 'sort' (the replay sorts them); got " +
              Quote(*text));
        }
      }
    }
  }

  void ReadTime(const Node& node, bool required, TimeColumn* time) {
    if (!node.defined()) {
      if (required) node.Error("is required: {column: NAME, format: PATTERN}");
      return;
    }
    node.CheckKeys({"column", "format"});
    if (!node.IsMap()) return;
    if (std::optional<std::string> column = node["column"].AsString()) {
      time->column = *column;
      time->column_ref = RefOf(node["column"]);
    }
    const Node format = node["format"];
    if (std::optional<std::string> pattern = format.AsString()) {
      kernel::Result<io::TimestampFormat> parsed = io::TimestampFormat::Parse(*pattern);
      if (parsed.ok()) {
        time->format = std::move(parsed).value();
      } else {
        format.Error(parsed.status().ToString());
      }
    }
  }

  // A constant name, or {column, map, otherwise}.
  void ReadValues(const Node& node, std::string_view kind, const NameIndex& names, bool required,
                  ValueMapping* mapping) {
    if (!node.defined()) {
      if (required)
        node.Error("is required: a " + std::string(kind) + " name, or {column, map, otherwise}");
      return;
    }
    mapping->present = true;
    if (node.IsScalar()) {
      if (std::optional<int> index = context_.Resolve(node, kind, names))
        mapping->constant = *index;
      return;
    }
    node.CheckKeys({"column", "map", "otherwise"});
    if (!node.IsMap()) return;
    if (std::optional<std::string> column = node["column"].AsString()) {
      mapping->column = *column;
      mapping->column_ref = RefOf(node["column"]);
    }
    if (node.Has("map")) {
      for (const KeyEntry& entry : KeyEntries(node["map"], "value", "is mapped twice", context_)) {
        std::optional<int> index = context_.Resolve(entry.value, kind, names);
        if (!index) continue;
        const std::size_t begin = entry.key.find_first_not_of(" \t");
        const std::size_t end = entry.key.find_last_not_of(" \t");
        const std::string key =
            begin == std::string::npos ? std::string() : entry.key.substr(begin, end - begin + 1);
        mapping->values.emplace(key, *index);
      }
    }
    const Node otherwise = node["otherwise"];
    if (!otherwise.defined()) {
      otherwise.Error("is required: drop, error, or a " + std::string(kind) +
                      " name for values the map does not list");
      return;
    }
    if (std::optional<std::string> text = otherwise.AsString()) {
      if (*text == "drop") {
        mapping->otherwise = Otherwise::kDrop;
      } else if (*text == "error") {
        mapping->otherwise = Otherwise::kError;
      } else if (std::optional<int> index = context_.Resolve(otherwise, kind, names)) {
        mapping->otherwise = Otherwise::kValue;
        mapping->otherwise_value = *index;
      }
    }
  }

  void ReadDrop(const Node& node, TraceMapping* mapping) {
    if (!node.IsSequence()) {
      node.Error("expected a list of {column, values, reason}");
      return;
    }
    const std::vector<Node> items = node.Items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Node& item = items[i];
      item.CheckKeys({"column", "values", "reason"});
      if (!item.IsMap()) continue;
      DropRule rule;
      if (std::optional<std::string> column = item["column"].AsString()) {
        rule.column = *column;
        rule.column_ref = RefOf(item["column"]);
      }
      const Node values = item["values"];
      if (!values.IsSequence() || values.Items().empty()) {
        values.Error("expected a non-empty list of cell values");
        continue;
      }
      for (const Node& value : values.Items()) {
        if (std::optional<std::string> text = value.AsString()) rule.values.push_back(*text);
      }
      rule.reason = item.Has("reason") ? item["reason"].AsString().value_or("")
                                       : "drop rule " + std::to_string(i);
      mapping->drop.push_back(std::move(rule));
    }
  }

  const MappingTargets& targets_;
  io::ReadContext& context_;
  NameIndex channels_;
};

}  // namespace

std::optional<TraceMapping> ReadTraceMapping(const Node& node, const std::string& scenario_path,
                                             const MappingTargets& targets,
                                             io::ReadContext& context) {
  const std::optional<std::string> name = node.AsString();
  if (!name) return std::nullopt;
  TraceMapping mapping;
  mapping.mapping_path = Resolve(Folder(scenario_path), *name);
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(mapping.mapping_path, error);
  if (!std::filesystem::is_regular_file(status)) {
    std::string what = "does not exist (paths are relative to the scenario file)";
    if (std::filesystem::is_directory(status)) {
      what = "is a directory; expected a YAML mapping file";
    } else if (std::filesystem::exists(status)) {
      what = "is not a regular file (a pipe, a device or a socket); expected a YAML mapping file";
    } else if (status.type() != std::filesystem::file_type::not_found && error) {
      what = "cannot be read: " + error.message();
    }
    node.Error("mapping file " + Quote(mapping.mapping_path) + " " + what);
    return std::nullopt;
  }
  io::Diagnostics diags(mapping.mapping_path);
  std::optional<YAML::Node> document =
      io::ParseYamlFile(mapping.mapping_path, diags, {}, kExpectedDocument);
  if (document) {
    io::ReadContext mapping_context(diags);
    MappingReader reader(targets, mapping_context);
    reader.Read(Node(*document, "", &diags), &mapping);
  }
  const bool ok = diags.ok();
  context.diags().Append(diags);
  if (!ok) {
    node.Error("the mapping file has " + std::to_string(diags.size()) +
               (diags.size() == 1 ? " error" : " errors") + " (listed with its name)");
    return std::nullopt;
  }
  return mapping;
}

void RemapTraceOrigins(const std::vector<model::UnitId>& ids, TraceMapping* mapping) {
  ValueMapping& origin = mapping->origin;
  auto remap = [&ids](int& index) {
    if (index >= 0) index = static_cast<int>(ids[static_cast<std::size_t>(index)]);
  };
  remap(origin.constant);
  remap(origin.otherwise_value);
  for (auto& [value, index] : origin.values) remap(index);
}

std::string DescribeAt(const TraceMapping& mapping, const MappingRef& ref,
                       const std::string& message) {
  const io::Diagnostic diagnostic{mapping.mapping_path, ref.line, ref.column, ref.path, message};
  return diagnostic.ToString();
}

}  // namespace escalade::trace
