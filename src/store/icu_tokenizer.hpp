#pragma once
#include <sqlite3.h>

namespace inwriting::store {
// Registers the "inwriting" FTS5 tokenizer on `db`: ICU word boundaries (so Thai, which has no
// spaces, is split into words), case folding, accents stripped from Latin letters, Thai digits as
// ASCII, and thousands/decimal separators dropped from numbers. Must run on every connection.
int register_icu_tokenizer(sqlite3* db);
}  // namespace inwriting::store
