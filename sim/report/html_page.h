// One self-contained HTML page: the style sheet, the scripts and the page's data are
// inlined, nothing is fetched (no http(s) reference, no external file), so the page opens
// offline and can be sent as one attachment. The data is a JSON object in
// <script type="application/json" id="escalade-data">, escaped so that no "</" closes the
// element early; the page's script reads it from there.
//
// Thread safety: pure functions.
#ifndef ESCALADE_SIM_REPORT_HTML_PAGE_H_
#define ESCALADE_SIM_REPORT_HTML_PAGE_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace escalade::report {

struct PageParts {
  std::string title;         // the <title>, HTML-escaped here
  bool with_vega = true;     // inline Vega (the report and the graph; the view draws alone)
  std::string_view script;   // the page's own script (after common.js)
  nlohmann::ordered_json data;
};

std::string HtmlPage(const PageParts& parts);

// `text` safe inside HTML text and attribute values.
std::string HtmlEscape(std::string_view text);
// The JSON text of `data` safe inside a <script> element ("</" and U+2028/9 escaped).
std::string JsonForScript(const nlohmann::ordered_json& data);

}  // namespace escalade::report

#endif  // ESCALADE_SIM_REPORT_HTML_PAGE_H_
