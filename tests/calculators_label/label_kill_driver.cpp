// Test driver of the kill test: labels INPUT into DB with the shell harmonic calculator (random
// sleeps of 0.05–0.3 s) on a local pool of 2 cores. Usage: label_kill_driver DB INPUT LOG [--resume]
#include <cstring>
#include <iostream>

#include "calculators_label/toy_calculators.hpp"
#include "ionglass/calculators/labelling.hpp"
#include "ionglass/calculators/local_backend.hpp"

int main(int argc, char** argv) {
  using namespace ionglass;
  if (argc < 4) {
    std::cerr << "usage: label_kill_driver DB INPUT LOG [--resume]\n";
    return 2;
  }
  test::ShellHarmonic calculator(1.5, "ok", argv[3], 0.05, 0.25);
  calculators::LocalBackend backend(2);
  calculators::LabelSettings settings;
  settings.database_path = argv[1];
  settings.resume = argc > 4 && std::strcmp(argv[4], "--resume") == 0;
  settings.runner.poll_interval_s = 0.01;
  ExecutionContext context;
  context.threads = 2;
  context.show_progress = false;
  const auto summary = calculators::label_structures({argv[2]}, calculator, backend, settings, context);
  std::cout << calculators::summary_json(summary).dump() << "\n";
  return 0;
}
