#pragma once
#include <sqlite3.h>

namespace inwriting::store {
// Registers iw_rank(message_fts): a BM25 score (lower is better, like bm25()) without the inverse
// document frequency. FTS5's bm25() scans every matching row of each phrase to count them before
// it can score one, which for a word in 10% of a large store costs more than the whole search
// should; within one AND query every hit contains every phrase, so term frequency against message
// length is what orders them.
int register_rank_function(sqlite3* db);
}  // namespace inwriting::store
