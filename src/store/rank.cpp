#include "rank.hpp"
#include "sqlite.hpp"

#include <vector>

namespace inwriting::store {

namespace {

void rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int, sqlite3_value**) {
  constexpr double k1 = 1.2;
  constexpr double b = 0.75;
  sqlite3_int64 rows = 0;
  sqlite3_int64 tokens = 0;
  int length = 0;
  int instances = 0;
  if (api->xRowCount(fts, &rows) != SQLITE_OK || api->xColumnTotalSize(fts, 0, &tokens) != SQLITE_OK ||
      api->xColumnSize(fts, 0, &length) != SQLITE_OK || api->xInstCount(fts, &instances) != SQLITE_OK) {
    sqlite3_result_error(ctx, "iw_rank: cannot read the match", -1);
    return;
  }
  const double average = rows > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1.0;
  std::vector<int> frequency(static_cast<size_t>(api->xPhraseCount(fts)), 0);
  for (int i = 0; i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) == SQLITE_OK && phrase >= 0 &&
        static_cast<size_t>(phrase) < frequency.size()) {
      ++frequency[static_cast<size_t>(phrase)];
    }
  }
  double score = 0;
  for (int tf : frequency) {
    score += tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average));
  }
  sqlite3_result_double(ctx, -score);
}

}  // namespace

int register_rank_function(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (!api) {
    return SQLITE_ERROR;
  }
  return api->xCreateFunction(api, "iw_rank", nullptr, rank, nullptr);
}

}  // namespace inwriting::store
