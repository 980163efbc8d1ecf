#include "sim/cli/schema_command.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "analysis/output_file.h"
#include "sim/cli/exit_codes.h"
#include "sim/scenario/format_doc.h"
#include "sim/scenario/schema.h"

namespace escalade::cli {
namespace {

int PrintSchema() {
  const std::string schema = scenario::ScenarioJsonSchema();
  if (std::fwrite(schema.data(), 1, schema.size(), stdout) != schema.size()) {
    return Report(kernel::Status::Io("cannot write to standard output"));
  }
  return 0;
}

int UpdateFormatDoc(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Report(kernel::Status::BadInput("--format-md: cannot read " + path));
  std::ostringstream text;
  text << in.rdbuf();
  kernel::Result<std::string> updated = scenario::RegenerateFormatDoc(text.str());
  if (!updated.ok()) return Report(updated.status().WithPrefix(path + ": "));
  if (*updated == text.str()) return 0;
  return Report(analysis::WriteFileAtomically(path, *updated));
}

}  // namespace

void AddSchemaCommand(CLI::App& app, int& exit_code) {
  auto format_md = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "schema", "Print the JSON Schema of scenario files, generated from the declared format");
  cmd->add_option("--format-md", *format_md,
                  "instead, rewrite the generated key tables of this file (scenarios/FORMAT.md)");
  cmd->callback([format_md, &exit_code] {
    exit_code = format_md->empty() ? PrintSchema() : UpdateFormatDoc(*format_md);
  });
}

}  // namespace escalade::cli
