// Benchmark data and kernel timing for `ionglass dynamics` (see bench/bench_dynamics.sh):
//   bench_dynamics_trajectory write FRAMES OUT.dump OUT.npy   synthetic trajectory of the 3003-atom
//       ACE glass (Na random walks, the other atoms vibrating), as a wrapped LAMMPS dump with image
//       flags and as a NumPy array (frames, atoms, 3) of the unwrapped positions (float64);
//   bench_dynamics_trajectory msd FRAMES                      times msd_fft per element on the same
//       data in memory (the kernel that bench/msd_numpy.py implements with NumPy).
#include <omp.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include "ionglass/analysis/dynamics/mean_squared_displacement.hpp"
#include "ionglass/io/lammps_data.hpp"

using namespace ionglass;

namespace {

struct Data {
  System glass;
  std::size_t frames = 0;
  std::vector<double> unwrapped;  // frame-major
};

Data generate(std::size_t frames) {
  Data d;
  d.glass = read_lammps_data(std::string(IONGLASS_SOURCE_DIR) + "/data/NaFePO4/glass/ACE/300K_1.dat");
  d.frames = frames;
  const std::size_t n = d.glass.size();
  d.unwrapped.resize(frames * n * 3);
  std::mt19937_64 rng(2026);
  std::normal_distribution<double> gauss(0, 1);
  std::vector<Vec3> walk(n, Vec3::Zero());
  for (std::size_t f = 0; f < frames; ++f)
    for (std::size_t i = 0; i < n; ++i) {
      const bool sodium = d.glass.atomic_number(i) == 11;
      if (sodium) walk[i] += 0.05 * Vec3(gauss(rng), gauss(rng), gauss(rng));
      const Vec3 vibration = 0.08 * Vec3(gauss(rng), gauss(rng), gauss(rng));
      const Vec3 r = d.glass.positions[i] + walk[i] + vibration;
      for (int a = 0; a < 3; ++a) d.unwrapped[(f * n + i) * 3 + a] = r[a];
    }
  return d;
}

void write(const Data& d, const std::string& dump, const std::string& npy) {
  const System& g = d.glass;
  const std::size_t n = g.size();
  const LammpsBox box = g.cell.to_lammps();
  FILE* out = std::fopen(dump.c_str(), "w");
  std::vector<char> buffer(1 << 22);
  std::setvbuf(out, buffer.data(), _IOFBF, buffer.size());
  for (std::size_t f = 0; f < d.frames; ++f) {
    std::fprintf(out, "ITEM: TIMESTEP\n%zu\nITEM: NUMBER OF ATOMS\n%zu\nITEM: BOX BOUNDS pp pp pp\n%.10g %.10g\n%.10g %.10g\n%.10g %.10g\n",
                 f * 10, n, box.xlo, box.xhi, box.ylo, box.yhi, box.zlo, box.zhi);
    std::fprintf(out, "ITEM: ATOMS id type x y z ix iy iz\n");
    for (std::size_t i = 0; i < n; ++i) {
      Image image{0, 0, 0};
      const Vec3 r(d.unwrapped[(f * n + i) * 3], d.unwrapped[(f * n + i) * 3 + 1], d.unwrapped[(f * n + i) * 3 + 2]);
      const Vec3 w = g.cell.wrap(r, &image);
      std::fprintf(out, "%lld %d %.6f %.6f %.6f %d %d %d\n", g.ids[i], g.types[i], w[0], w[1], w[2], image[0], image[1], image[2]);
    }
  }
  std::fclose(out);
  // NumPy .npy version 1.0: magic, header length, header dict padded to 64 bytes.
  std::ofstream o(npy, std::ios::binary);
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::to_string(d.frames) + ", " +
                       std::to_string(n) + ", 3), }";
  while ((10 + header.size() + 1) % 64) header += ' ';
  header += '\n';
  const unsigned short length = static_cast<unsigned short>(header.size());
  o.write("\x93NUMPY\x01\x00", 8);
  o.write(reinterpret_cast<const char*>(&length), 2);
  o << header;
  o.write(reinterpret_cast<const char*>(d.unwrapped.data()), static_cast<std::streamsize>(d.unwrapped.size() * sizeof(double)));
  std::ofstream species(npy + ".types.txt");
  for (std::size_t i = 0; i < n; ++i) species << g.atomic_number(i) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: bench_dynamics_trajectory write FRAMES OUT.dump OUT.npy | msd FRAMES\n";
    return 2;
  }
  const std::string mode = argv[1];
  const Data d = generate(std::stoul(argv[2]));
  if (mode == "write" && argc == 5) {
    write(d, argv[3], argv[4]);
    return 0;
  }
  if (mode == "msd") {
    const std::size_t n = d.glass.size();
    for (int repeat = 0; repeat < 2; ++repeat) {
      const auto start = std::chrono::steady_clock::now();
      const std::clock_t cpu_start = std::clock();
      double check = 0;
      for (int z : {8, 11, 15, 26}) {
        const auto atoms = d.glass.atoms_of_element(z);
        const MsdCurves c = msd_fft(d.unwrapped.data(), d.frames, 3 * n, atoms);
        check += c.total[d.frames / 10];
      }
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
      std::printf("msd_fft, %zu frames x %zu atoms, all elements, %d threads: %.3f s wall, %.3f s CPU (check %.6f)\n",
                  d.frames, n, omp_get_max_threads(), seconds, cpu, check);
    }
    return 0;
  }
  std::cerr << "unknown mode\n";
  return 2;
}
