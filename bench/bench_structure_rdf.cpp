// Timed partial-RDF run for bench/bench_structure.sh: streams a trajectory through
// PairDistribution (all element pairs, r_max and bins as LAMMPS `compute rdf` in the script) and
// prints the wall time per frame. Usage: bench_structure_rdf FILE R_MAX BINS [--types Fe,Na,O,P]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ionglass/analysis/structure/pair_distribution.hpp"
#include "ionglass/io/structure_io.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s FILE R_MAX BINS [TYPES]\n", argv[0]);
    return 2;
  }
  const double r_max = std::atof(argv[2]);
  const int bins = std::atoi(argv[3]);
  ionglass::ReadOptions read;
  if (argc > 4) read.type_elements = ionglass::split_symbol_list(argv[4]);
  const auto start = std::chrono::steady_clock::now();
  ionglass::PairDistribution rdf({r_max, r_max / bins});
  auto reader = ionglass::open_trajectory(argv[1], read);
  ionglass::System frame;
  std::size_t frames = 0;
  while (reader->next(frame)) rdf.compute(frame), ++frames;
  double checksum = 0;
  for (const auto& p : rdf.pairs())
    for (double g : rdf.g(p)) checksum += g;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("ionglass frames %zu total_s %.4f per_frame_s %.5f checksum %.6f\n", frames, seconds, seconds / frames, checksum);
  return 0;
}
