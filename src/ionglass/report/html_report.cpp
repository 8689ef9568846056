#include "ionglass/report/html_report.hpp"

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/report/xml_escape.hpp"

namespace ionglass {

HtmlReport::HtmlReport(std::string title) : title_(std::move(title)) {}

std::string HtmlReport::escape(const std::string& text) { return xml_escape(text); }

std::string& HtmlReport::body() {
  if (sections_.empty()) sections_.push_back(Section{"", "", ""});
  return sections_.back().body;
}

void HtmlReport::section(const std::string& title, const std::string& id) { sections_.push_back(Section{title, id, ""}); }

void HtmlReport::subsection(const std::string& title) { body() += "<h3>" + escape(title) + "</h3>\n"; }

void HtmlReport::paragraph(const std::string& text) { body() += "<p>" + escape(text) + "</p>\n"; }

void HtmlReport::table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::string& caption) {
  std::string& b = body();
  b += "<div class=\"table-wrap\"><table>\n";
  if (!caption.empty()) b += "<caption>" + escape(caption) + "</caption>\n";
  b += "<thead><tr>";
  for (const auto& h : header) b += "<th>" + escape(h) + "</th>";
  b += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    b += "<tr>";
    for (const auto& cell : row) b += "<td>" + escape(cell) + "</td>";
    b += "</tr>\n";
  }
  b += "</tbody></table></div>\n";
}

void HtmlReport::figure(const std::string& svg, const std::string& caption, const std::string& id) {
  std::string& b = body();
  b += "<figure" + (id.empty() ? std::string() : " id=\"" + escape(id) + "\"") + ">\n";
  // Drop an XML declaration if present: inline SVG must start at <svg.
  const auto start = svg.find("<svg");
  b += start == std::string::npos ? svg : svg.substr(start);
  b += "<figcaption>" + escape(caption) + "</figcaption>\n</figure>\n";
}

void HtmlReport::definition_list(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string& b = body();
  b += "<dl>\n";
  for (const auto& [k, v] : items) b += "<dt>" + escape(k) + "</dt><dd>" + escape(v) + "</dd>\n";
  b += "</dl>\n";
}

std::string HtmlReport::to_html() const {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + escape(title_) + "</title>\n<style>\n";
  h += "body{font-family:system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:1em 1.5em;color:#222;line-height:1.45}\n"
       "h1{border-bottom:2px solid #345;padding-bottom:.3em}h2{margin-top:2em;border-bottom:1px solid #ccc}\n"
       "nav ul{columns:2;list-style:none;padding-left:0}nav a{color:#245}\n"
       ".table-wrap{overflow-x:auto}table{border-collapse:collapse;margin:1em 0;font-size:.92em}\n"
       "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}th{background:#eef2f6}\n"
       "td:first-child,th:first-child{text-align:left}caption{caption-side:top;font-weight:bold;text-align:left;padding:.3em 0}\n"
       "figure{display:inline-block;margin:.5em;vertical-align:top;max-width:100%}figure svg{max-width:100%;height:auto}\n"
       "figcaption{font-size:.9em;color:#444;max-width:640px}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}\n"
       "dt{font-weight:bold}dd{margin:0}\n";
  h += "</style>\n</head>\n<body>\n<h1>" + escape(title_) + "</h1>\n";
  h += "<nav><ul>\n";
  for (const auto& s : sections_)
    if (!s.title.empty()) h += "<li><a href=\"#" + escape(s.id) + "\">" + escape(s.title) + "</a></li>\n";
  h += "</ul></nav>\n";
  for (const auto& s : sections_) {
    if (!s.title.empty()) h += "<section id=\"" + escape(s.id) + "\">\n<h2>" + escape(s.title) + "</h2>\n";
    else h += "<section>\n";
    h += s.body + "</section>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

void HtmlReport::save(const std::string& path) const { write_file_atomically(path, to_html()); }

}  // namespace ionglass
