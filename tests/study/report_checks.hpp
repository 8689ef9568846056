#pragma once
// Checks of a study's report.html as a browser shows it: headless Chromium renders the page,
// takes a screenshot and dumps the DOM; every expected section must be there and every figure
// must hold an SVG with drawn content.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

namespace ionglass::test {

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string chromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (std::filesystem::exists(p)) return p;
  return "";
}

inline void check_report_in_browser(const std::string& report, const std::string& work_dir) {
  ASSERT_TRUE(std::filesystem::exists(report));
  const std::string browser = chromium();
  ASSERT_FALSE(browser.empty()) << "Debian chromium is required (scripts/setup.sh installs it)";
  const std::string flags =
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
      " --disable-component-update --disable-sync --user-data-dir=" +
      work_dir + "/chromium-profile";
  const std::string png = work_dir + "/report.png", dom = work_dir + "/report_dom.html";
  std::filesystem::remove(png);
  const std::string shot = browser + flags + " --window-size=1280,3000 --screenshot=" + png + " file://" + report +
                           " > " + work_dir + "/chromium.log 2>&1";
  ASSERT_EQ(std::system(shot.c_str()), 0) << slurp(work_dir + "/chromium.log");
  ASSERT_TRUE(std::filesystem::exists(png));
  EXPECT_GT(std::filesystem::file_size(png), 20000u);  // a rendered page, not a blank image
  const std::string dump =
      browser + flags + " --dump-dom file://" + report + " > " + dom + " 2>>" + work_dir + "/chromium.log";
  ASSERT_EQ(std::system(dump.c_str()), 0) << slurp(work_dir + "/chromium.log");
  const std::string html = slurp(dom);
  for (const char* id : {"findings", "overview", "structure", "dynamics", "mobility", "methods"})
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\""), std::string::npos) << "section " << id;
  // The Findings come first.
  EXPECT_LT(html.find("<section id=\"findings\""), html.find("<section id=\"overview\""));
  EXPECT_EQ(html.find("Figure missing"), std::string::npos);
  // Every figure holds an SVG with at least one drawn path or point.
  const std::regex figure("<figure[^>]*>([\\s\\S]*?)</figure>");
  int figures = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), figure); it != std::sregex_iterator(); ++it) {
    ++figures;
    const std::string body = (*it)[1].str();
    EXPECT_NE(body.find("<svg"), std::string::npos) << "figure " << figures << " has no SVG";
    EXPECT_TRUE(body.find("<path d=\"") != std::string::npos || body.find("<circle") != std::string::npos)
        << "figure " << figures << " is empty";
  }
  for (const char* id : {"rdf-Fe-O", "sq-neutron", "sq-xray", "cn-Fe-O", "msd", "beta"})
    EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << "figure " << id;
  // An Arrhenius plot where some run is diffusive, or the sentence that says there is none.
  EXPECT_TRUE(html.find("id=\"arrhenius\"") != std::string::npos ||
              html.find("No Arrhenius plot") != std::string::npos);
  // Every figure id once.
  std::map<std::string, int> ids;
  const std::regex figure_id("<figure id=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), figure_id); it != std::sregex_iterator(); ++it)
    EXPECT_EQ(++ids[(*it)[1].str()], 1) << "figure id " << (*it)[1].str() << " twice";
  EXPECT_GE(figures, 12);
}

}  // namespace ionglass::test
