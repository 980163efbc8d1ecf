// The texts the HTML pages carry inline, compiled into the program at build time
// (cmake/EmbedText.cmake), so a page needs no network and the program no files at run
// time: Vega 5 from Debian's libjs-vega (its modules joined by a small loader that sets
// `globalThis.vega`), and the pages' own style sheet and scripts (sim/report/assets/).
//
// Thread safety: immutable data.
#ifndef ESCALADE_SIM_REPORT_ASSETS_H_
#define ESCALADE_SIM_REPORT_ASSETS_H_

#include <string_view>

namespace escalade::report {

std::string_view VegaScript();   // defines globalThis.vega (parse, View, ...)
std::string_view PageStyle();    // assets/page.css: shared by every page
std::string_view CommonScript(); // assets/common.js: helpers shared by the pages
std::string_view ReportScript(); // assets/report.js: draws report.html from its data
std::string_view ViewScript();   // assets/view.js: the classroom view's animation
std::string_view GraphScript();  // assets/graph.js: a policy's routing graph

}  // namespace escalade::report

#endif  // ESCALADE_SIM_REPORT_ASSETS_H_
