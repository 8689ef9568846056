#pragma once
// study.json and report.html from the outputs of a study's steps.
#include <map>
#include <string>
#include <vector>

#include "ionglass/study/study_config.hpp"

namespace ionglass::study {

/// Collects the numbers of every completed step into study.json and writes the self-contained
/// HTML report (overview table, structure figures, MSD and Arrhenius plots, mobile vs immobile Na
/// environments, methods). Steps that did not run are reported as missing, not invented.
void write_study_report(const StudySpec& spec, const std::string& output_dir,
                        const std::map<std::string, std::vector<std::string>>& structures,
                        const std::string& json_path, const std::string& html_path);

}  // namespace ionglass::study
