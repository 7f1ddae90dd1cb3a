#pragma once
#include <sqlite3.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace inwriting::store {

// Splits text into the words the index keeps: ICU word boundaries (so Thai, which has no spaces,
// is split into words), case folded, accents stripped from Latin letters (never Thai marks), Thai
// digits as ASCII, thousands and decimal separators dropped from numbers. One instance reuses its
// break iterator; it is not thread-safe.
class SearchTokenizer {
public:
  SearchTokenizer();
  ~SearchTokenizer();
  bool ready() const { return m_ready; }
  // Calls emit(token, first_byte, end_byte) for each word; emit returns false to stop.
  void tokenize(std::string_view text, const std::function<bool(std::string_view, int, int)>& emit);

private:
  std::unique_ptr<icu::BreakIterator> m_words;
  const icu::Normalizer2* m_nfd = nullptr;
  const icu::Normalizer2* m_nfc = nullptr;
  icu::UnicodeString m_utf16;
  std::vector<int> m_byte_at;  // UTF-16 index -> byte offset in the input
  std::string m_token;
  bool m_ready = false;
};

// Registers SearchTokenizer as the FTS5 tokenizer "inwriting" on `db`. Must run on every
// connection: the index cannot be read without it.
int register_icu_tokenizer(sqlite3* db);

}  // namespace inwriting::store
