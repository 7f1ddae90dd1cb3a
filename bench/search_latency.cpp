// Times Store::search in process, as a long-running caller (a capture helper, a script using the
// library) would see it: one open store, each query repeated, p50/p95 reported.
// Usage: bench_search STORE REPEATS QUERY...
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "inwriting/store/store.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: bench_search STORE REPEATS QUERY...\n");
    return 2;
  }
  auto store = inwriting::store::Store::open(argv[1], inwriting::store::OpenMode::read_only);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().c_str());
    return 1;
  }
  const int repeats = std::stoi(argv[2]);
  inwriting::store::Filters filters;
  filters.limit = 20;
  std::printf("%-28s %8s %9s %9s\n", "query", "hits", "p50 ms", "p95 ms");
  for (int q = 3; q < argc; ++q) {
    std::vector<double> ms;
    size_t hits = 0;
    for (int i = 0; i < 10; ++i) {
      (void)(*store)->search(argv[q], filters);  // warm the page cache and ICU's data first
    }
    for (int i = 0; i < repeats; ++i) {
      const auto start = std::chrono::steady_clock::now();
      auto result = (*store)->search(argv[q], filters);
      const auto end = std::chrono::steady_clock::now();
      if (!result) {
        std::fprintf(stderr, "%s: %s\n", argv[q], result.error().c_str());
        return 1;
      }
      hits = result->size();
      ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%-28s %8zu %9.3f %9.3f\n", argv[q], hits, ms[ms.size() / 2], ms[ms.size() * 95 / 100]);
  }
  return 0;
}
