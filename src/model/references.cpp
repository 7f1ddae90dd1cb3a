// Reference numbers people quote back to a company: order, ticket, case, tracking, booking, …
// A candidate is a run of ASCII letters, digits and inner hyphens. It is kept when it mixes
// letters and digits in the shape of an identifier (CS-4410921, EA325265497CN, 251212KX7Q3M9P),
// or when it is all digits and a keyword names it just before (Reclamo N° 4471-2290).
// Account, member, card and phone numbers are not references.
#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "inwriting/model/conversation.hpp"
#include "inwriting/util/text.hpp"

namespace inwriting::model {

namespace {

struct Keyword {
  const char* word;  // folded form (lower case, no accents)
  const char* kind;
};

// Order matters: the first keyword found closest before the number names its kind.
constexpr std::array k_keywords = {
    Keyword{"order", "order"},         Keyword{"pedido", "order"},       Keyword{"orden", "order"},
    Keyword{"คำสั่งซื้อ", "order"},      Keyword{"ticket", "ticket"},      Keyword{"case", "case"},
    Keyword{"caso", "case"},           Keyword{"reclamo", "case"},       Keyword{"incidencia", "case"},
    Keyword{"incident", "case"},       Keyword{"claim", "case"},         Keyword{"tracking", "tracking"},
    Keyword{"seguimiento", "tracking"}, Keyword{"guia", "tracking"},     Keyword{"พัสดุ", "tracking"},
    Keyword{"booking", "booking"},     Keyword{"reserva", "booking"},    Keyword{"pnr", "booking"},
    Keyword{"การจอง", "booking"},        Keyword{"confirmation", "confirmation"}, Keyword{"confirmacion", "confirmation"},
    Keyword{"reference", "reference"}, Keyword{"referencia", "reference"}, Keyword{"ref", "reference"},
    Keyword{"refund", "refund"},       Keyword{"reembolso", "refund"},   Keyword{"invoice", "invoice"},
    Keyword{"factura", "invoice"},     Keyword{"ใบแจ้งหนี้", "invoice"},  Keyword{"rma", "rma"},
    Keyword{"chat id", "chat"},        Keyword{"conversation", "chat"},  Keyword{"issue id", "case"},
    Keyword{"request", "case"},        Keyword{"solicitud", "case"},     Keyword{"expediente", "case"},
    Keyword{"คำร้อง", "case"},
    Keyword{"หมายเลข", "reference"},    Keyword{"เลขที่", "reference"},     Keyword{"number", "reference"},
    Keyword{"numero", "reference"},    Keyword{"n°", "reference"},       Keyword{"nº", "reference"},
};

constexpr std::array k_not_references = {"account", "cuenta", "member", "socio", "card", "tarjeta", "visa",
                                         "mastercard", "phone", "telefono", "celular", "movil", "บัญชี",
                                         "บัตร", "โทร", "เบอร์", "zip", "postal", "ending in", "terminada en",
                                         "สมาชิก", "discount code", "promo code", "promotion code", "coupon",
                                         "gift code", "codigo de descuento", "codigo promocional", "cupon",
                                         "promo", "voucher", "โค้ด", "คูปอง", "password", "pin"};

bool is_ref_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string kind_from_prefix(std::string_view value) {
  const std::string upper = [&] {
    std::string s(value);
    for (char& c : s) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
  }();
  if (upper.rfind("ORD", 0) == 0) return "order";
  if (upper.rfind("RMA", 0) == 0) return "rma";
  if (upper.rfind("INV", 0) == 0) return "invoice";
  if (upper.rfind("RF", 0) == 0 || upper.rfind("REF", 0) == 0) return "refund";
  if (upper.rfind("CS", 0) == 0 || upper.rfind("CASE", 0) == 0 || upper.rfind("INC", 0) == 0) return "case";
  return "";
}

// The last place `word` stands as a whole word in `s` (Thai words have no spaces around them, so
// for them any place counts): "visa" is not in "avisar".
size_t rfind_word(const std::string& s, std::string_view word) {
  const bool latin = !word.empty() && static_cast<unsigned char>(word[0]) < 0x80;
  auto is_letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) >= 0x80; };
  size_t at = s.rfind(word);
  while (at != std::string::npos) {
    const bool starts = at == 0 || !is_letter(s[at - 1]);
    size_t after = at + word.size();
    if (after < s.size() && s[after] == 's') {
      ++after;  // plurals: orders, pedidos, tickets
    }
    const bool ends = after >= s.size() || !is_letter(s[after]) || !std::isalpha(static_cast<unsigned char>(word.back()));
    if (!latin || (starts && ends)) {
      return at;
    }
    if (at == 0) {
      break;
    }
    at = s.rfind(word, at - 1);
  }
  return std::string::npos;
}

bool is_generic(const char* kind) { return std::string_view(kind) == "reference"; }

// The kind named by the nearest keyword before a number, "" when none, "-" when an account, card or
// phone word is nearer than any specific keyword ("account number 123" is not a reference).
std::string keyword_before(const std::string& folded_window) {
  size_t specific_at = std::string::npos, generic_at = std::string::npos, negative_at = std::string::npos;
  std::string specific, generic;
  auto later = [](size_t at, size_t than) { return at != std::string::npos && (than == std::string::npos || at > than); };
  for (const auto& k : k_keywords) {
    const size_t at = rfind_word(folded_window, k.word);
    if (is_generic(k.kind)) {
      if (later(at, generic_at)) {
        generic_at = at, generic = k.kind;
      }
    } else if (later(at, specific_at)) {
      specific_at = at, specific = k.kind;
    }
  }
  for (const char* w : k_not_references) {
    const size_t at = rfind_word(folded_window, w);
    if (later(at, negative_at)) {
      negative_at = at;
    }
  }
  if (negative_at != std::string::npos && (specific_at == std::string::npos || negative_at > specific_at)) {
    return "-";
  }
  return !specific.empty() ? specific : generic;
}

}  // namespace

std::vector<Reference> extract_references(const Conversation& conversation) {
  std::vector<Reference> out;
  std::set<std::string> seen;
  for (size_t index = 0; index < conversation.entries.size(); ++index) {
    if (conversation.entries[index].is_media) {
      continue;  // attachment names ("00000024-AUDIO-….opus") are not references
    }
    const std::string& s = conversation.entries[index].text;
    size_t i = 0;
    while (i < s.size()) {
      if (!is_ref_char(s[i]) || (i > 0 && (is_ref_char(s[i - 1]) || s[i - 1] == '$' || s[i - 1] == '.' ||
                                           s[i - 1] == ','))) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < s.size() && (is_ref_char(s[j]) || ((s[j] == '-' || s[j] == '/') && j + 1 < s.size() &&
                                                    is_ref_char(s[j + 1]) && j > i))) {
        ++j;
      }
      std::string value = s.substr(i, j - i);
      const size_t start = i;
      i = j;
      // A number with decimals or thousands ("1,299.00", "8.500") is money, not a reference.
      if (j < s.size() && (s[j] == '.' || s[j] == ',') && j + 1 < s.size() &&
          std::isdigit(static_cast<unsigned char>(s[j + 1]))) {
        continue;
      }
      size_t digits = 0, letters = 0, upper = 0, lower = 0;
      for (char c : value) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
          ++digits;
        } else if (std::isalpha(static_cast<unsigned char>(c))) {
          ++letters;
          (std::isupper(static_cast<unsigned char>(c)) ? upper : lower)++;
        }
      }
      std::string kind;
      const bool identifier_shape = letters > 0 && digits >= 2 && lower == 0 && value.size() >= 6;
      const bool all_digits = letters == 0 && digits >= 6 && value.find('/') == std::string::npos;
      // Six upper-case letters and digits, e.g. an airline booking code "QX7T2M" or "K7H2PD".
      const bool booking_code = value.size() == 6 && lower == 0 && digits >= 1 && letters >= 2;
      if (!identifier_shape && !booking_code && !(letters == 0 && digits >= 6)) {
        continue;
      }
      // Folding the words before a candidate is the costly part: do it only for candidates.
      const size_t window_start = start > 90 ? start - 90 : 0;
      const std::string window = text::fold_for_search(text::repair_utf8(s.substr(window_start, start - window_start)));
      const std::string keyword = keyword_before(window);
      if (keyword == "-") {
        continue;
      }
      if (identifier_shape || booking_code) {
        kind = !keyword.empty() ? keyword : kind_from_prefix(value);
        if (kind.empty()) {
          kind = "reference";
        }
      } else if ((all_digits || (letters == 0 && digits >= 6)) && !keyword.empty()) {
        kind = keyword;
      } else {
        continue;
      }
      if (seen.insert(value).second) {
        out.push_back(Reference{kind, value, index});
      }
    }
  }
  return out;
}

}  // namespace inwriting::model
