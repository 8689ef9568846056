#include "ionglass/analysis/structure/ring_statistics.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <set>
#include <unordered_map>

#include "ionglass/core/error.hpp"

namespace ionglass {

std::vector<RingKind> parse_ring_kinds(const std::string& text) {
  std::vector<RingKind> out;
  for (const auto& name : split_symbol_list(text)) {
    std::string n = name;
    for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    RingKind k;
    if (n == "king") k = RingKind::King;
    else if (n == "guttman") k = RingKind::Guttman;
    else if (n == "primitive") k = RingKind::Primitive;
    else throw InputError("--rings: unknown ring criterion '" + name + "' (use king, guttman, primitive)");
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  }
  if (out.empty()) throw InputError("--rings: give at least one of king, guttman, primitive");
  return out;
}

std::string ring_kind_name(RingKind kind) {
  switch (kind) {
    case RingKind::King: return "king";
    case RingKind::Guttman: return "guttman";
    case RingKind::Primitive: return "primitive";
  }
  return "";
}

namespace {

// A node of the unwrapped (infinite periodic) graph: a former and the lattice image it sits in,
// packed into 64 bits (node index in the high bits, three 7-bit image components).
using State = std::uint64_t;
constexpr int image_bias = 64;
State pack(std::int32_t node, const Image& im) {
  return (static_cast<State>(node) << 21) | (static_cast<State>(im[0] + image_bias) << 14) |
         (static_cast<State>(im[1] + image_bias) << 7) | static_cast<State>(im[2] + image_bias);
}
std::int32_t node_of(State s) { return static_cast<std::int32_t>(s >> 21); }
Image image_of(State s) {
  return {static_cast<int>((s >> 14) & 127) - image_bias, static_cast<int>((s >> 7) & 127) - image_bias,
          static_cast<int>(s & 127) - image_bias};
}
Image add(const Image& a, const Image& b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }

struct Link {
  std::int32_t node;
  Image shift;
};

struct Graph {
  std::vector<std::vector<Link>> adjacency;
  template <class F>
  void for_each_neighbor(State s, F f) const {
    const Image im = image_of(s);
    for (const Link& l : adjacency[node_of(s)]) f(pack(l.node, add(im, l.shift)));
  }
};

Graph build_graph(const BondNetwork& net, const RingOptions& o, std::vector<std::size_t>& atom_of_node) {
  const std::size_t n = net.atom_count();
  std::vector<std::int32_t> node_of_atom(n, -1);
  for (std::size_t i = 0; i < n; ++i)
    if (std::find(o.node_elements.begin(), o.node_elements.end(), net.element(i)) != o.node_elements.end()) {
      node_of_atom[i] = static_cast<std::int32_t>(atom_of_node.size());
      atom_of_node.push_back(i);
    }
  Graph g;
  g.adjacency.resize(atom_of_node.size());
  for (std::size_t b = 0; b < n; ++b) {
    if (net.element(b) != o.bridge_element) continue;
    for (std::size_t k = net.begin(b); k < net.end(b); ++k) {
      const Bond& x = net.bond(k);
      const std::int32_t nx = node_of_atom[x.atom];
      if (nx < 0) continue;
      for (std::size_t l = net.begin(b); l < net.end(b); ++l) {
        if (l == k) continue;
        const Bond& y = net.bond(l);
        const std::int32_t ny = node_of_atom[y.atom];
        if (ny < 0) continue;
        const Image shift{y.image[0] - x.image[0], y.image[1] - x.image[1], y.image[2] - x.image[2]};
        if (nx == ny && shift == Image{0, 0, 0}) continue;
        auto& adj = g.adjacency[nx];
        const bool known = std::any_of(adj.begin(), adj.end(), [&](const Link& e) { return e.node == ny && e.shift == shift; });
        if (!known) adj.push_back({ny, shift});
      }
    }
  }
  return g;
}

// Breadth-first search from `source` up to `depth` links, never entering `forbidden` and never
// crossing the link forbidden_from → forbidden_to (either direction). Returns distances.
std::unordered_map<State, int> bfs(const Graph& g, State source, int depth, State forbidden = ~State(0),
                                   State forbidden_from = ~State(0), State forbidden_to = ~State(0)) {
  std::unordered_map<State, int> dist;
  dist[source] = 0;
  std::deque<State> queue{source};
  while (!queue.empty()) {
    const State s = queue.front();
    queue.pop_front();
    const int d = dist[s];
    if (d >= depth) continue;
    g.for_each_neighbor(s, [&](State t) {
      if (t == forbidden) return;
      if ((s == forbidden_from && t == forbidden_to) || (s == forbidden_to && t == forbidden_from)) return;
      if (dist.emplace(t, d + 1).second) queue.push_back(t);
    });
  }
  return dist;
}

// All shortest paths from the BFS source to `target` (as state sequences source..target),
// at most `limit` of them, walking back through states whose distance decreases by one.
void shortest_paths(const Graph& g, const std::unordered_map<State, int>& dist, State target, State forbidden,
                    State forbidden_from, State forbidden_to, std::vector<std::vector<State>>& out, std::size_t limit) {
  const auto it = dist.find(target);
  if (it == dist.end()) return;
  std::vector<State> path{target};
  auto recurse = [&](auto&& self, State s, int d) -> void {
    if (out.size() >= limit) return;
    if (d == 0) {
      out.emplace_back(path.rbegin(), path.rend());
      return;
    }
    g.for_each_neighbor(s, [&](State t) {
      if (t == forbidden) return;
      if ((s == forbidden_from && t == forbidden_to) || (s == forbidden_to && t == forbidden_from)) return;
      const auto jt = dist.find(t);
      if (jt == dist.end() || jt->second != d - 1) return;
      path.push_back(t);
      self(self, t, d - 1);
      path.pop_back();
    });
  };
  recurse(recurse, target, it->second);
}

// Canonical form of a ring: translated so that its lowest node sits in image 0, then sorted.
// Empty when a node occurs in two images (not counted, see the header).
std::vector<State> canonical(const std::vector<State>& ring) {
  std::int32_t lowest = node_of(ring.front());
  Image base = image_of(ring.front());
  for (State s : ring)
    if (node_of(s) < lowest) lowest = node_of(s), base = image_of(s);
  std::vector<State> out;
  out.reserve(ring.size());
  for (State s : ring) {
    const Image im = image_of(s);
    out.push_back(pack(node_of(s), {im[0] - base[0], im[1] - base[1], im[2] - base[2]}));
  }
  std::sort(out.begin(), out.end());
  for (std::size_t k = 1; k < out.size(); ++k)
    if (node_of(out[k]) == node_of(out[k - 1])) return {};
  return out;
}

// True when no two nodes of the (ordered, closed) ring are closer through the graph than along it.
bool is_primitive(const Graph& g, const std::vector<State>& ring) {
  const std::size_t n = ring.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto dist = bfs(g, ring[i], static_cast<int>(n / 2));
    for (std::size_t j = i + 2; j < n; ++j) {
      const std::size_t along = std::min(j - i, n - (j - i));
      if (along < 2) continue;
      const auto it = dist.find(ring[j]);
      if (it != dist.end() && static_cast<std::size_t>(it->second) < along) return false;
    }
  }
  return true;
}

}  // namespace

RingStatistics::RingStatistics(RingOptions options) : options_(std::move(options)) {
  if (options_.max_size < 3) throw InputError("the largest ring size must be at least 3");
  if (options_.max_size > 60) throw InputError("the largest ring size must be at most 60");
  for (RingKind k : options_.kinds) totals_[k], last_[k];
}

void RingStatistics::compute(const BondNetwork& net) {
  std::vector<std::size_t> atom_of_node;
  const Graph g = build_graph(net, options_, atom_of_node);
  const auto nodes = static_cast<std::int32_t>(g.adjacency.size());
  const int max = options_.max_size;
  constexpr std::size_t path_limit = 256;
  const Image zero{0, 0, 0};
  for (RingKind kind : options_.kinds) {
    std::set<std::vector<State>> rings;
#pragma omp parallel
    {
      std::set<std::vector<State>> local;
#pragma omp for schedule(dynamic, 4) nowait
      for (std::int32_t c = 0; c < nodes; ++c) {
        const State centre = pack(c, zero);
        std::vector<std::vector<State>> paths;
        if (kind == RingKind::King) {
          std::vector<State> neighbors;
          g.for_each_neighbor(centre, [&](State t) { neighbors.push_back(t); });
          for (std::size_t a = 0; a < neighbors.size(); ++a) {
            const auto dist = bfs(g, neighbors[a], max - 2, centre);
            for (std::size_t b = a + 1; b < neighbors.size(); ++b) {
              paths.clear();
              shortest_paths(g, dist, neighbors[b], centre, ~State(0), ~State(0), paths, path_limit);
              for (auto& p : paths) {
                p.push_back(centre);
                if (static_cast<int>(p.size()) <= max) {
                  auto key = canonical(p);
                  if (!key.empty()) local.insert(std::move(key));
                }
              }
            }
          }
        } else if (kind == RingKind::Guttman) {
          g.for_each_neighbor(centre, [&](State t) {
            const auto dist = bfs(g, t, max - 1, ~State(0), centre, t);
            paths.clear();
            shortest_paths(g, dist, centre, ~State(0), centre, t, paths, path_limit);
            for (auto& p : paths)
              if (static_cast<int>(p.size()) <= max && p.size() >= 3) {
                auto key = canonical(p);
                if (!key.empty()) local.insert(std::move(key));
              }
          });
        } else {
          // every simple cycle through `centre` in which centre is the lowest node, pruned by the
          // distance back to centre; each cycle is found in both directions, kept once.
          const auto back = bfs(g, centre, max / 2 + 1);
          std::vector<State> path{centre};
          std::vector<State> visited{centre};
          auto dfs = [&](auto&& self, State s) -> void {
            const int depth = static_cast<int>(path.size());
            g.for_each_neighbor(s, [&](State t) {
              if (t == centre) {
                if (depth >= 3 && path[1] < path.back() && is_primitive(g, path)) {
                  auto key = canonical(path);
                  if (!key.empty()) local.insert(std::move(key));
                }
                return;
              }
              if (node_of(t) <= c || depth >= max) return;
              const auto it = back.find(t);
              const int remaining = it == back.end() ? max + 1 : it->second;
              if (depth + remaining > max) return;
              if (std::find(path.begin(), path.end(), t) != path.end()) return;
              path.push_back(t);
              self(self, t);
              path.pop_back();
            });
          };
          dfs(dfs, centre);
        }
      }
#pragma omp critical
      rings.insert(local.begin(), local.end());
    }
    auto& last = last_[kind];
    last.clear();
    for (const auto& r : rings) ++last[static_cast<int>(r.size())];
    for (const auto& [size, count] : last) totals_[kind][size] += count;
  }
  ++frames_;
}

std::map<int, double> RingStatistics::rings_per_frame(RingKind kind) const {
  std::map<int, double> out;
  if (frames_ == 0) return out;
  for (const auto& [size, count] : totals_.at(kind)) out[size] = static_cast<double>(count) / static_cast<double>(frames_);
  return out;
}

}  // namespace ionglass
