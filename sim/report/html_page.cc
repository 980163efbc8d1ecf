#include "sim/report/html_page.h"

#include "sim/report/assets.h"

namespace escalade::report {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string JsonForScript(const nlohmann::ordered_json& data) {
  const std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + 64);
  for (std::size_t i = 0; i < text.size(); ++i) {
    // "</" could close the element: "<\/" means the same in JSON. U+2028 and U+2029 are
    // valid in JSON strings but ended lines in older script parsers.
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else if (text.compare(i, 3, "\xE2\x80\xA8") == 0) {
      out += "\\u2028";
      i += 2;
    } else if (text.compare(i, 3, "\xE2\x80\xA9") == 0) {
      out += "\\u2029";
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string HtmlPage(const PageParts& parts) {
  std::string html;
  html.reserve((parts.with_vega ? VegaScript().size() : 0) + 64 * 1024);
  html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + HtmlEscape(parts.title) + "</title>\n<style>\n";
  html += PageStyle();
  html += "</style>\n</head>\n<body>\n<main id=\"page\"></main>\n";
  html += "<script type=\"application/json\" id=\"escalade-data\">";
  html += JsonForScript(parts.data);
  html += "</script>\n";
  if (parts.with_vega) {
    html += "<script>\n";
    html += VegaScript();
    html += "</script>\n";
  }
  html += "<script>\n";
  html += CommonScript();
  html += parts.script;
  html += "</script>\n</body>\n</html>\n";
  return html;
}

}  // namespace escalade::report
