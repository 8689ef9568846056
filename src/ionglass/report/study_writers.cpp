#include "ionglass/report/study_writers.hpp"

#include "ionglass/report/arrhenius_report.hpp"
#include "ionglass/report/dynamics_json_reader.hpp"
#include "ionglass/report/dynamics_report.hpp"
#include "ionglass/report/md_run_summary.hpp"
#include "ionglass/report/structure_report.hpp"
#include "ionglass/report/study_report.hpp"

namespace ionglass {

study::StudyWriters standard_study_writers() {
  study::StudyWriters w;
  w.md_summary = write_md_run_summary;
  w.structure = write_structure_report;
  w.dynamics = write_dynamics_report;
  w.read_arrhenius_point = read_arrhenius_point;
  w.arrhenius = write_arrhenius_report;
  w.report = write_study_report;
  return w;
}

}  // namespace ionglass
