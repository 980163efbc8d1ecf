#include "sim/report/html_page.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "sim/report/assets.h"
#include "sim/report/run_report.h"

namespace escalade::report {
namespace {

// Every http(s):// in `html` is an XML namespace name of the W3C (which a browser never
// fetches); returns the first other one, or "".
std::string FirstWebReference(const std::string& html) {
  for (std::size_t at = html.find("http"); at != std::string::npos; at = html.find("http", at + 1)) {
    for (const char* scheme : {"http://", "https://"}) {
      if (html.compare(at, std::char_traits<char>::length(scheme), scheme) != 0) continue;
      if (html.compare(at, 18, "http://www.w3.org/") == 0) continue;
      return html.substr(at, 60);
    }
  }
  return "";
}

TEST(JsonForScript, NothingClosesTheScriptElement) {
  nlohmann::ordered_json data = {{"label", "</script><script>alert(1)</script>"},
                                 {"line", "a\xE2\x80\xA8" "b"}};
  const std::string text = JsonForScript(data);
  EXPECT_EQ(text.find("</"), std::string::npos) << text;
  EXPECT_EQ(text.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(nlohmann::ordered_json::parse(text), data);  // the same data back
}

TEST(HtmlPage, InlinesEverythingAndFetchesNothing) {
  PageParts parts;
  parts.title = "a <b> & 光明";
  parts.script = ReportScript();
  parts.data = {{"title", "光明区"}, {"values", {1, 2, 3}}};
  const std::string html = HtmlPage(parts);
  EXPECT_NE(html.find("<title>a &lt;b&gt; &amp; 光明</title>"), std::string::npos);
  EXPECT_NE(html.find("{\"title\":\"光明区\",\"values\":[1,2,3]}"), std::string::npos);
  EXPECT_NE(html.find(std::string(VegaScript().substr(0, 200))), std::string::npos);
  EXPECT_NE(html.find(std::string(ReportScript().substr(0, 200))), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("sourceMappingURL"), std::string::npos);
  EXPECT_EQ(FirstWebReference(html), "");
  // Exactly the page's own script elements, each closed once.
  std::size_t opened = 0, closed = 0;
  for (std::size_t at = html.find("<script"); at != std::string::npos; at = html.find("<script", at + 1)) ++opened;
  for (std::size_t at = html.find("</script>"); at != std::string::npos; at = html.find("</script>", at + 1)) ++closed;
  EXPECT_EQ(opened, 3u);
  EXPECT_EQ(closed, 3u);
}

TEST(HtmlPage, VegaIsTheDebianLibraryJoinedByTheLoader) {
  const std::string_view vega = VegaScript();
  EXPECT_GT(vega.size(), 300000u);
  EXPECT_NE(vega.find("defs['vega-view']"), std::string_view::npos);
  EXPECT_NE(vega.find("globalThis.vega = vega"), std::string_view::npos);
}

class RunFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("escalade_report_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Put(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(RunFolder, AggregatesOverReplicationsAndJoinsThePrediction) {
  Put("manifest.json", R"({"escalade_version": "0.1.0", "scenario": {"path": "scenarios/x.yaml"},
      "seed": 7, "replications": 2, "policies": ["a", "b"], "baseline": "a"})");
  Put("compare.csv", "policy,baseline,metric,diff_mean,ci95_low,ci95_high,n\n"
                     "b,a,resolution_rate,0.1,0.05,0.15,2\nb,a,not_headline,1,1,1,2\n");
  Put("workload.csv", "policy,replication,unit,kind,level,staff,busy_hours,utilization,jobs\n"
                      "a,0,u1,community,community,2,1,0.2,3\na,1,u1,community,community,2,1,0.4,3\n");
  Put("predicted_load.csv", "policy,unit,kind,level,offered_hours_per_hour,capacity,utilization\n"
                            "a,u1,community,community,0.5,2,0.25\n");
  Put("backlog.csv", "policy,replication,day,open\na,0,1,4\na,1,1,8\na,0,2,1\na,1,2,3\n");
  Put("targets.csv", "target,metric,published,simulated,ci95_low,ci95_high,tolerance,within\n"
                     "t1,resolution_rate,0.9,0.88,0.87,0.89,0.05,true\n");
  kernel::Result<nlohmann::ordered_json> data = ReadRunFolder(dir_.string());
  ASSERT_TRUE(data.ok()) << data.status().message();
  const nlohmann::ordered_json& d = *data;
  EXPECT_EQ(d["kind"], "run");
  EXPECT_EQ(d["title"], "x");
  ASSERT_EQ(d["compare"].size(), 1u);  // headline metrics only
  EXPECT_EQ(d["compare"][0]["metric"], "resolution_rate");
  ASSERT_EQ(d["util"].size(), 1u);
  EXPECT_DOUBLE_EQ(d["util"][0]["sim"].get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(d["util"][0]["pred"].get<double>(), 0.25);
  ASSERT_EQ(d["backlog"].size(), 2u);
  EXPECT_DOUBLE_EQ(d["backlog"][0]["mean"].get<double>(), 6);
  EXPECT_DOUBLE_EQ(d["backlog"][0]["min"].get<double>(), 4);
  EXPECT_DOUBLE_EQ(d["backlog"][0]["max"].get<double>(), 8);
  EXPECT_EQ(d["targets"][0]["within"], "true");
  const std::vector<std::string> missing = d["missing"];
  EXPECT_EQ(missing, (std::vector<std::string>{"summary.csv", "resolution_hist.csv",
                                               "level_flows.csv"}));
  const std::string html = ReportHtml(d);
  EXPECT_NE(html.find("\"diff_mean\":0.1"), std::string::npos);
  EXPECT_EQ(FirstWebReference(html), "");
}

TEST_F(RunFolder, ErrorsNameTheFile) {
  kernel::Result<nlohmann::ordered_json> none = ReadRunFolder(dir_.string());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("manifest.json"), std::string::npos);
  Put("manifest.json", R"({"policies": ["a"], "baseline": "a"})");
  Put("compare.csv", "policy,baseline,metric,diff_mean,ci95_low,ci95_high,n\nb,a,1\n");
  kernel::Result<nlohmann::ordered_json> bad = ReadRunFolder(dir_.string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("compare.csv:2:"), std::string::npos)
      << bad.status().message();
}

}  // namespace
}  // namespace escalade::report
