#include "icu_tokenizer.hpp"
#include "sqlite.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>
#include <vector>

namespace inwriting::store {

namespace {

int create(void*, const char**, int, Fts5Tokenizer** out) {
  auto t = std::make_unique<SearchTokenizer>();
  if (!t->ready()) {
    return SQLITE_ERROR;
  }
  *out = reinterpret_cast<Fts5Tokenizer*>(t.release());
  return SQLITE_OK;
}

void destroy(Fts5Tokenizer* p) { delete reinterpret_cast<SearchTokenizer*>(p); }

bool is_ascii(const char* s, int n) {
  for (int i = 0; i < n; ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) {
      return false;
    }
  }
  return true;
}

// The folded form of one word: what both the index and the queries compare.
void fold_word(const icu::Normalizer2* nfd, const icu::Normalizer2* nfc, const icu::UnicodeString& word, bool numeric,
               std::string& out) {
  out.clear();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString decomposed = nfd->normalize(word, status);
  icu::UnicodeString kept;
  UScriptCode previous = USCRIPT_COMMON;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 cp = decomposed.char32At(i);
    i += U16_LENGTH(cp);
    const int8_t type = u_charType(cp);
    if (type == U_NON_SPACING_MARK) {
      if (previous == USCRIPT_LATIN) {
        continue;  // accents on Latin letters; Thai marks are part of the word
      }
    } else {
      UErrorCode e = U_ZERO_ERROR;
      previous = uscript_getScript(cp, &e);
    }
    if (type == U_DECIMAL_DIGIT_NUMBER) {
      kept.append(static_cast<UChar32>('0' + u_charDigitValue(cp)));
    } else if (numeric && (cp == ',' || cp == '.' || cp == '\'' || cp == 0x066B || cp == 0x066C)) {
      continue;  // 1,500 and 1.500 and 1500 are the same number to a person searching
    } else {
      kept.append(cp);
    }
  }
  kept.foldCase();
  status = U_ZERO_ERROR;
  nfc->normalize(kept, status).toUTF8String(out);
}

void fold_ascii(const char* s, int n, bool numeric, std::string& out) {
  out.clear();
  for (int i = 0; i < n; ++i) {
    char c = s[i];
    if (numeric && (c == ',' || c == '.' || c == '\'')) {
      continue;
    }
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    out += c;
  }
}

bool is_word_char(UChar32 cp) { return u_isalnum(cp) || u_charType(cp) == U_NON_SPACING_MARK || u_charType(cp) == U_COMBINING_SPACING_MARK; }

int tokenize(Fts5Tokenizer* p, void* ctx, int, const char* text, int length,
             int (*emit)(void*, int, const char*, int, int, int)) {
  int rc = SQLITE_OK;
  reinterpret_cast<SearchTokenizer*>(p)->tokenize(
      std::string_view(text, length > 0 ? static_cast<size_t>(length) : 0),
      [&](std::string_view token, int begin, int end) {
        rc = emit(ctx, 0, token.data(), static_cast<int>(token.size()), begin, end);
        return rc == SQLITE_OK;
      });
  return rc;
}

}  // namespace

SearchTokenizer::SearchTokenizer() {
  UErrorCode status = U_ZERO_ERROR;
  m_words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  m_nfd = icu::Normalizer2::getNFDInstance(status);
  m_nfc = icu::Normalizer2::getNFCInstance(status);
  m_ready = U_SUCCESS(status) && m_words != nullptr;
}

SearchTokenizer::~SearchTokenizer() = default;

void SearchTokenizer::tokenize(std::string_view input, const std::function<bool(std::string_view, int, int)>& emit) {
  const char* text = input.data();
  const int32_t length = static_cast<int32_t>(input.size());
  if (length <= 0 || !m_ready) {
    return;
  }
  // UTF-16 for ICU, and the map from UTF-16 positions back to byte offsets.
  m_utf16.remove();
  m_byte_at.clear();
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 cp = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text), i, length, cp);
    if (cp < 0) {
      cp = 0xFFFD;
    }
    m_utf16.append(cp);
    m_byte_at.push_back(start);
    if (cp > 0xFFFF) {
      m_byte_at.push_back(start);
    }
  }
  m_byte_at.push_back(length);
  m_words->setText(m_utf16);
  int32_t begin = m_words->first();
  for (int32_t end = m_words->next(); end != icu::BreakIterator::DONE; begin = end, end = m_words->next()) {
    const int32_t status = m_words->getRuleStatus();
    if (status < UBRK_WORD_NONE_LIMIT) {
      // Spaces and punctuation; ICU also puts lone symbols and emoji here. Keep a segment only if
      // a letter or digit is inside (a Thai word the dictionary could not place).
      bool has_word_char = false;
      for (int32_t k = begin; k < end && !has_word_char; ++k) {
        has_word_char = is_word_char(m_utf16.char32At(k));
      }
      if (!has_word_char) {
        continue;
      }
    }
    const bool numeric = status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT;
    const int byte_begin = m_byte_at[static_cast<size_t>(begin)];
    const int byte_end = m_byte_at[static_cast<size_t>(end)];
    if (is_ascii(text + byte_begin, byte_end - byte_begin)) {
      fold_ascii(text + byte_begin, byte_end - byte_begin, numeric, m_token);
    } else {
      fold_word(m_nfd, m_nfc, m_utf16.tempSubStringBetween(begin, end), numeric, m_token);
    }
    if (m_token.empty()) {
      continue;
    }
    if (!emit(m_token, byte_begin, byte_end)) {
      return;
    }
  }
}

int register_icu_tokenizer(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (!api) {
    return SQLITE_ERROR;
  }
  fts5_tokenizer tokenizer{create, destroy, tokenize};
  return api->xCreateTokenizer(api, "inwriting", nullptr, &tokenizer, nullptr);
}

}  // namespace inwriting::store
