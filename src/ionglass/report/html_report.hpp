#pragma once
// A self-contained HTML report: sections with text, tables and inline SVG figures, no external
// resources (no scripts, fonts or images fetched from anywhere), readable on a laptop screen.
#include <string>
#include <vector>

namespace ionglass {

class HtmlReport {
public:
  explicit HtmlReport(std::string title);

  /// Starts a new section (an <h2> with an id for the table of contents).
  void section(const std::string& title, const std::string& id);
  void subsection(const std::string& title);
  /// A paragraph of plain text (escaped).
  void paragraph(const std::string& text);
  /// A table: header cells and rows of cells (escaped text).
  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
             const std::string& caption = "");
  /// An inline SVG figure (the SVG document text, e.g. Plot::to_svg()) with a caption.
  void figure(const std::string& svg, const std::string& caption, const std::string& id = "");
  /// A list of key → value pairs (e.g. the parameters of a method).
  void definition_list(const std::vector<std::pair<std::string, std::string>>& items);

  std::string to_html() const;
  /// Writes the HTML atomically.
  void save(const std::string& path) const;

  static std::string escape(const std::string& text);

private:
  struct Section {
    std::string title, id, body;
  };
  std::string title_;
  std::vector<Section> sections_;
  std::string& body();
};

}  // namespace ionglass
