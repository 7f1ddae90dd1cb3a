#include "inwriting/extract/promises.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>

#include "icu_text.hpp"
#include "inwriting/extract/due.hpp"
#include "inwriting/extract/money.hpp"
#include "inwriting/extract/rules.hpp"
#include "inwriting/util/hash.hpp"
#include "inwriting/util/text.hpp"
#include "literals.hpp"

namespace inwriting::extract {

namespace {

const char* const k_languages[] = {"en", "es", "th"};

struct Rule {
  std::unique_ptr<icu::RegexPattern> pattern;
  std::string where;  // "en.rules:12"
  std::string text;
  std::optional<std::vector<std::string>> literals;  // see required_literals()
};

struct Hit {
  const Rule* rule = nullptr;
  int32_t begin = 0;  // UTF-16 index in the searched text
  int32_t end = 0;
};

// Every rule of one section, from all languages.
struct RuleSet {
  std::vector<Rule> rules;

  // `lowered`, when given, is LoweredText(s): callers asking several sets about one text
  // lower it once.
  std::optional<Hit> first(const icu::UnicodeString& s, const LoweredText* lowered = nullptr) const {
    if (rules.empty())
      return std::nullopt;
    std::optional<LoweredText> own;
    if (!lowered)
      lowered = &own.emplace(s);
    std::optional<Hit> best;
    for (const Rule& rule : rules) {
      if (!may_contain(rule.literals, *lowered))
        continue;
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::RegexMatcher> m(rule.pattern->matcher(s, status));
      if (U_FAILURE(status) || !m->find())
        continue;
      const int32_t b = m->start(status);
      if (!best || b < best->begin)
        best = Hit{&rule, b, m->end(status)};
    }
    return best;
  }

  std::vector<Hit> all(const icu::UnicodeString& s) const {
    std::vector<Hit> hits;
    if (rules.empty())
      return hits;
    const LoweredText lowered(s);
    for (const Rule& rule : rules) {
      if (!may_contain(rule.literals, lowered))
        continue;
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::RegexMatcher> m(rule.pattern->matcher(s, status));
      if (U_FAILURE(status))
        continue;
      while (m->find()) {
        const int32_t b = m->start(status);
        const int32_t e = m->end(status);
        hits.push_back({&rule, b, e});
        if (e == b)
          break;
      }
    }
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.begin < b.begin; });
    return hits;
  }
};

icu::UnicodeString unicode(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

// Byte length of the UTF-8 form of s[0, index).
size_t utf8_length(const icu::UnicodeString& s, int32_t index) {
  return to_utf8(s.tempSubString(0, index)).size();
}

Status compile_into(RuleSet& set, const RuleFile& file, const std::string& section) {
  const std::string name = file.path.filename().string();
  for (const RuleLine& line : file.section(section)) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    std::unique_ptr<icu::RegexPattern> pattern(
        icu::RegexPattern::compile(unicode(line.text), UREGEX_CASE_INSENSITIVE, parse_error, status));
    if (U_FAILURE(status))
      return make_error(file.path.string() + ":" + std::to_string(line.line) + ": bad pattern in [" +
                        section + "] (" + u_errorName(status) + " at offset " +
                        std::to_string(parse_error.offset) + "); fix or remove the line");
    set.rules.push_back({std::move(pattern), name + ":" + std::to_string(line.line), line.text,
                         required_literals(line.text)});
  }
  return ok_status();
}

struct Sentence {
  size_t message_index = 0;
  size_t begin = 0;  // byte offsets in the message text
  size_t end = 0;
  std::string text;
};

// Words two sentences share, for matching a retraction to what it takes back.
std::set<std::string> content_words(std::string_view utf8_text) {
  std::set<std::string> words;
  static const std::set<std::string> k_common = {
      "the",  "and", "your", "you", "for", "with",  "that", "this", "will", "have", "our",  "was",   "are",
      "from", "has", "but",  "not", "all", "sorry", "also", "able", "los",  "las",  "del",  "que",   "por",
      "para", "con", "una",  "uno", "tu",  "su",    "the",  "it's", "i'm",  "i've", "i'll", "we'll", "we've"};
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale("th"), status));
  if (U_FAILURE(status))
    return words;
  const icu::UnicodeString s = unicode(text::fold_for_search(utf8_text));
  it->setText(s);
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    if (it->getRuleStatus() == UBRK_WORD_NONE)
      continue;
    std::string w = to_utf8(s.tempSubString(start, end - start));
    if (w.size() < 4 || k_common.count(w))
      continue;
    words.insert(std::move(w));
  }
  return words;
}

}  // namespace

struct PromiseExtractor::Impl {
  std::map<std::string, RuleSet> anchors;  // by kind
  std::vector<std::string> kind_order;     // which kind wins when a sentence names several
  RuleSet any_anchor;
  // The modality checks, in the order they are decided.
  std::vector<std::pair<std::string, RuleSet>> checks;
  RuleSet cue_done, cue_future, cue_present;
  RuleSet retract, clause_split, sentence_split, continuation, due_ignore, due_no_date, due_followup;
  std::map<std::string, std::vector<std::pair<int, std::string>>>
      currency_by_offset;  // language → (minutes east of UTC, code)
  std::vector<std::pair<std::string, std::string>> currency_by_tld;
  std::vector<std::pair<std::string, RuleSet>> currency_by_words;  // code → words that imply it
  std::map<std::string, std::string> currency_by_language;
  MoneyReader money;
  DueReader due;
  std::string digest;
  std::unique_ptr<icu::BreakIterator> sentence_breaker;

  Impl(MoneyReader m, DueReader d) : money(std::move(m)), due(std::move(d)) {}

  std::vector<Sentence> sentences_of(const MessageInput& message, size_t index) const;
  bool has_own_words(const MessageInput& message) const;
  std::vector<std::pair<size_t, size_t>> clauses_of(const std::string& sentence) const;
  std::string currency_for(const ConversationInput& conversation) const;
  std::optional<Promise> judge(const ConversationInput& conversation, const std::vector<Sentence>& sentences,
                               size_t at, std::optional<std::string>& currency,
                               std::vector<Rejection>& rejections) const;
  std::optional<Due> find_due(const std::string& text, const timeutil::Date& said_on,
                              const std::string& sentence) const;
  void find_retractions(const ConversationInput& conversation, const std::vector<Sentence>& sentences,
                        std::vector<Promise>& promises) const;
};

PromiseExtractor::PromiseExtractor(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PromiseExtractor::~PromiseExtractor() = default;
const std::string& PromiseExtractor::rules_digest() const {
  return m_impl->digest;
}

Result<std::shared_ptr<const PromiseExtractor>> PromiseExtractor::load(const std::filesystem::path& dir) {
  auto money = MoneyReader::load(dir);
  if (!money)
    return make_error(money.error());
  auto due = DueReader::load(dir);
  if (!due)
    return make_error(due.error());
  auto impl = std::make_unique<Impl>(std::move(money.value()), std::move(due.value()));

  const std::vector<std::string> check_names = {"refusal",     "question", "offer",    "hedge",
                                                "conditional", "policy",   "customer", "restatement"};
  for (const std::string& name : check_names) impl->checks.emplace_back(name, RuleSet{});
  std::string all_text;
  for (const char* language : k_languages) {
    const std::filesystem::path path = dir / (std::string(language) + ".rules");
    auto file = read_rule_file(path);
    if (!file)
      return make_error(file.error());
    for (const RuleLine& line : file->section("kinds")) {
      if (std::find(impl->kind_order.begin(), impl->kind_order.end(), line.text) == impl->kind_order.end())
        impl->kind_order.push_back(line.text);
    }
    for (const std::string& section : file->sections_with_prefix("anchor.")) {
      const std::string kind = section.substr(7);
      if (auto s = compile_into(impl->anchors[kind], *file, section); !s)
        return make_error(s.error());
      if (auto s = compile_into(impl->any_anchor, *file, section); !s)
        return make_error(s.error());
    }
    for (auto& [name, set] : impl->checks) {
      if (auto s = compile_into(set, *file, name); !s)
        return make_error(s.error());
    }
    const std::pair<RuleSet*, const char*> plain[] = {
        {&impl->cue_done, "cue.done"},         {&impl->cue_future, "cue.future"},
        {&impl->cue_present, "cue.present"},   {&impl->retract, "retract"},
        {&impl->clause_split, "clause.split"}, {&impl->sentence_split, "sentence.split"},
        {&impl->continuation, "continuation"}, {&impl->due_ignore, "due.ignore"},
        {&impl->due_no_date, "due.no_date"},   {&impl->due_followup, "due.followup"}};
    for (auto [set, section] : plain) {
      if (auto s = compile_into(*set, *file, section); !s)
        return make_error(s.error());
    }
    for (const RuleLine& line : file->section("currency.offset")) {
      const size_t space = line.text.find(' ');
      if (space == std::string::npos)
        return make_error(path.string() + ":" + std::to_string(line.line) + ": expected 'MINUTES CODE'");
      impl->currency_by_offset[language].emplace_back(std::atoi(line.text.substr(0, space).c_str()),
                                                      std::string(text::trim(line.text.substr(space + 1))));
    }
    for (const RuleLine& line : file->section("currency.tld")) {
      const size_t space = line.text.find(' ');
      if (space == std::string::npos)
        return make_error(path.string() + ":" + std::to_string(line.line) + ": expected '.TLD CODE'");
      impl->currency_by_tld.emplace_back(line.text.substr(0, space),
                                         std::string(text::trim(line.text.substr(space + 1))));
    }
    for (const std::string& section : file->sections_with_prefix("currency.words.")) {
      impl->currency_by_words.emplace_back(section.substr(15), RuleSet{});
      if (auto s = compile_into(impl->currency_by_words.back().second, *file, section); !s)
        return make_error(s.error());
    }
    if (!file->section("currency.default").empty())
      impl->currency_by_language[language] = file->section("currency.default").front().text;
    for (const auto& [name, lines] : file->sections) {
      all_text += "[" + name + "]\n";
      for (const RuleLine& line : lines) all_text += line.text + "\n";
    }
  }
  for (const auto& entry : impl->anchors) {
    const std::string& kind = entry.first;
    if (std::find(impl->kind_order.begin(), impl->kind_order.end(), kind) == impl->kind_order.end())
      impl->kind_order.push_back(kind);
  }
  UErrorCode status = U_ZERO_ERROR;
  impl->sentence_breaker.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status))
    return make_error(std::string("ICU sentence breaker: ") + u_errorName(status));
  impl->digest = hash::sha256_hex(all_text).substr(0, 12);
  return std::shared_ptr<const PromiseExtractor>(new PromiseExtractor(std::move(impl)));
}

// Calls `visit(line, line_start)` for each line of the author's own words in a message, until it
// returns false. Inline "> " quotes and the signature are left out: they are not the author's words.
template <typename Visit>
void for_each_own_line(const MessageInput& message, Visit&& visit) {
  const std::string_view body =
      std::string_view(message.text).substr(0, std::min(message.signature_at, message.text.size()));
  size_t line_start = 0;
  while (line_start <= body.size()) {
    size_t line_end = body.find('\n', line_start);
    if (line_end == std::string_view::npos)
      line_end = body.size();
    const std::string_view line = body.substr(line_start, line_end - line_start);
    const std::string_view trimmed = text::trim(line);
    if (!trimmed.empty() && trimmed.front() != '>' && !visit(line, line_start))
      return;
    if (line_end == body.size())
      break;
    line_start = line_end + 1;
  }
}

// Whether sentences_of() finds any sentence in the message: a line of its own words.
bool PromiseExtractor::Impl::has_own_words(const MessageInput& message) const {
  bool found = false;
  for_each_own_line(message, [&](std::string_view, size_t) { return !(found = true); });
  return found;
}

// Lines, then ICU sentences, then the rule files' extra sentence ends (Thai writes a space after a
// polite particle where other languages write a full stop).
std::vector<Sentence> PromiseExtractor::Impl::sentences_of(const MessageInput& message, size_t index) const {
  std::vector<Sentence> out;
  const std::string_view body = message.text;
  for_each_own_line(message, [&](std::string_view line, size_t line_start) {
    const icu::UnicodeString u = unicode(line);
    std::unique_ptr<icu::BreakIterator> breaker(sentence_breaker->clone());
    breaker->setText(u);
    std::vector<int32_t> cuts;
    for (int32_t at = breaker->first(); at != icu::BreakIterator::DONE; at = breaker->next())
      cuts.push_back(at);
    for (const Hit& hit : sentence_split.all(u)) cuts.push_back(hit.end);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      const size_t b = line_start + utf8_length(u, cuts[i]);
      const size_t e = line_start + utf8_length(u, cuts[i + 1]);
      std::string_view piece = body.substr(b, e - b);
      const std::string_view t = text::trim(piece);
      if (t.empty())
        continue;
      const size_t tb = b + static_cast<size_t>(t.data() - piece.data());
      out.push_back({index, tb, tb + t.size(), std::string(t)});
    }
    return true;
  });
  return out;
}

// Byte ranges of a sentence's clauses: "we can't refund the full amount, but we will refund ฿2,685"
// is a refusal and a promise.
std::vector<std::pair<size_t, size_t>> PromiseExtractor::Impl::clauses_of(const std::string& sentence) const {
  const icu::UnicodeString u = unicode(sentence);
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = 0;
  for (const Hit& hit : clause_split.all(u)) {
    const size_t b = utf8_length(u, hit.begin);
    if (b <= start)
      continue;
    out.emplace_back(start, b);
    start = utf8_length(u, hit.end);
  }
  if (start < sentence.size())
    out.emplace_back(start, sentence.size());
  return out;
}

std::string PromiseExtractor::Impl::currency_for(const ConversationInput& conversation) const {
  if (!conversation.currency.empty())
    return conversation.currency;
  // A currency written out anywhere in the conversation ("$1,299.00 MXN") is the conversation's.
  std::map<std::string, int> written;
  for (const MessageInput& m : conversation.messages) {
    for (const Money& amount : money.find(m.text)) {
      if (!amount.currency.empty() && !amount.currency_inferred)
        ++written[amount.currency];
    }
  }
  if (!written.empty()) {
    return std::max_element(written.begin(), written.end(),
                            [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
  }
  const std::string domain = text::to_lower_ascii(conversation.company_domain);
  for (const auto& [tld, code] : currency_by_tld) {
    if (domain.size() >= tld.size() && domain.compare(domain.size() - tld.size(), tld.size(), tld) == 0)
      return code;
  }
  for (const auto& [code, words] : currency_by_words) {
    for (const MessageInput& m : conversation.messages) {
      if (words.first(unicode(m.text)))
        return code;
    }
  }
  // The zone a conversation was written in narrows a bare "$" down only within one language:
  // -05:00 is Bogotá in Spanish and New York in English.
  if (auto offsets = currency_by_offset.find(conversation.language); offsets != currency_by_offset.end()) {
    for (const MessageInput& m : conversation.messages) {
      if (!m.utc_offset_minutes)
        continue;
      for (const auto& [offset, code] : offsets->second) {
        if (offset == *m.utc_offset_minutes)
          return code;
      }
      break;
    }
  }
  auto it = currency_by_language.find(conversation.language);
  return it == currency_by_language.end() ? std::string() : it->second;
}

std::optional<Promise> PromiseExtractor::Impl::judge(const ConversationInput& conversation,
                                                     const std::vector<Sentence>& sentences, size_t at,
                                                     std::optional<std::string>& currency,
                                                     std::vector<Rejection>& rejections) const {
  const Sentence& sentence = sentences[at];
  const MessageInput& message = conversation.messages[sentence.message_index];
  const icu::UnicodeString whole = unicode(sentence.text);
  const LoweredText whole_lowered(whole);
  if (!any_anchor.first(whole, &whole_lowered))
    return std::nullopt;

  const auto clauses = clauses_of(sentence.text);
  std::string last_reason;
  for (const auto& [clause_begin, clause_end] : clauses) {
    const std::string clause = sentence.text.substr(clause_begin, clause_end - clause_begin);
    const icu::UnicodeString u = unicode(clause);
    std::optional<LoweredText> clause_lowered;
    const LoweredText& lowered =
        clause.size() == sentence.text.size() ? whole_lowered : clause_lowered.emplace(u);
    // The kind: the first in the rule files' order whose anchor the clause holds.
    std::string kind;
    std::optional<Hit> anchor;
    for (const std::string& k : kind_order) {
      auto it = anchors.find(k);
      if (it == anchors.end())
        continue;
      if (auto hit = it->second.first(u, &lowered)) {
        kind = k;
        anchor = hit;
        break;
      }
    }
    if (!anchor)
      continue;
    std::string explain = "anchor: " + kind + " '" +
                          to_utf8(u.tempSubString(anchor->begin, anchor->end - anchor->begin)) + "' (" +
                          anchor->rule->where + ")\n";
    double confidence = 0;
    std::optional<Hit> cue;
    bool done = false;
    if ((cue = cue_done.first(u, &lowered))) {
      confidence = 0.85;
      done = true;
    } else if ((cue = cue_future.first(u, &lowered))) {
      confidence = 0.8;
    } else if ((cue = cue_present.first(u, &lowered))) {
      confidence = 0.7;
    }
    std::string rejected;
    for (const auto& [name, set] : checks) {
      std::optional<Hit> hit = set.first(u, &lowered);
      // What is already done is not conditional: in "I've applied a credit, which covers a month
      // if you come back" the "if" is about something else.
      if (hit && name == "conditional" && done && hit->begin > cue->begin)
        hit.reset();
      // A question mark closes the whole sentence, not just its last clause.
      const bool in_sentence = !hit && name == "question";
      if (in_sentence)
        hit = set.first(whole, &whole_lowered);
      if (hit) {
        rejected = name + ": '" +
                   to_utf8((in_sentence ? whole : u).tempSubString(hit->begin, hit->end - hit->begin)) +
                   "' (" + hit->rule->where + ")";
        break;
      }
      explain += name + ": no\n";
    }
    if (!rejected.empty()) {
      last_reason = rejected;
      continue;
    }
    if (!cue) {
      last_reason = "no commitment cue";
      continue;
    }
    explain += "cue: '" + to_utf8(u.tempSubString(cue->begin, cue->end - cue->begin)) + "' (" +
               cue->rule->where + ")\n";

    Promise p;
    p.message_index = sentence.message_index;
    p.kind = kind;
    p.by = message.speaker;
    p.said_at = message.said_at;
    p.quote_begin = sentence.begin + clause_begin;
    p.quote_end = sentence.end;
    p.quote = message.text.substr(p.quote_begin, p.quote_end - p.quote_begin);
    p.references = message.references;

    // The money the promise is about: the first amount after the anchor, else the last before it.
    const std::string quote_tail = sentence.text.substr(clause_begin);
    const size_t anchor_byte = utf8_length(u, anchor->begin);
    std::optional<Money> chosen;
    // Which currency a bare "$" means costs a read of the whole conversation: only when one is said.
    std::vector<Money> amounts = money.find(quote_tail);
    if (std::any_of(amounts.begin(), amounts.end(), [](const Money& m) { return m.currency.empty(); })) {
      if (!currency)
        currency = currency_for(conversation);
      amounts = money.find(quote_tail, *currency);
    }
    for (const Money& m : amounts) {
      if (m.begin >= anchor_byte) {
        chosen = m;
        break;
      }
      if (m.end <= clause_end - clause_begin)
        chosen = m;
    }
    if (chosen) {
      p.amount = chosen->amount;
      p.currency = chosen->currency;
      explain += "money: '" + quote_tail.substr(chosen->begin, chosen->end - chosen->begin) + "' → " +
                 p.amount + " " + (p.currency.empty() ? "(currency unknown)" : p.currency) +
                 (chosen->currency_inferred ? " (currency from the conversation)" : "") + "\n";
      confidence += 0.05;
    }
    // The deadline, when the promise's own words give one (from the anchor or cue on: "Since the
    // machine is less than 30 days old, we will replace it within 10 business days"); extract()
    // also looks at the next sentence.
    if (message.local_date) {
      const size_t from = std::min(anchor_byte, utf8_length(u, cue->begin));
      std::optional<Due> d = find_due(quote_tail.substr(from), *message.local_date, sentence.text);
      if (!d && from > 0)
        d = find_due(quote_tail, *message.local_date, sentence.text);
      if (d) {
        p.due = d->date;
        p.due_text = d->text;
        explain += "due: '" + d->text + "' → " +
                   (d->date ? timeutil::format_date(*d->date) : std::string("no date")) + "\n";
        if (d->date)
          confidence += 0.05;
      }
    }
    p.confidence = std::round(std::min(confidence, 0.99) * 100) / 100;
    p.explain = std::move(explain);
    return p;
  }
  if (!last_reason.empty())
    rejections.push_back({sentence.message_index, sentence.text, last_reason});
  return std::nullopt;
}

// A deadline, unless it is how long something stays valid ("a code valid until 30/04") or counts
// from a day nobody knows yet ("once received at the workshop, within 15 business days").
std::optional<Due> PromiseExtractor::Impl::find_due(const std::string& text, const timeutil::Date& said_on,
                                                    const std::string& sentence) const {
  std::optional<Due> d = due.find(text, said_on);
  if (!d)
    return d;
  const size_t before_start = d->begin > 40 ? d->begin - 40 : 0;
  if (due_ignore.first(unicode(text.substr(before_start, d->begin - before_start))))
    return std::nullopt;
  if (due_no_date.first(unicode(sentence)))
    d->date.reset();
  return d;
}

// "Apologies, I need to correct myself: … I'm not able to add it after all." takes back the
// earlier promise it shares the most words with (or, failing that, the latest of its kind).
void PromiseExtractor::Impl::find_retractions(const ConversationInput& conversation,
                                              const std::vector<Sentence>& sentences,
                                              std::vector<Promise>& promises) const {
  for (const Sentence& sentence : sentences) {
    const MessageInput& message = conversation.messages[sentence.message_index];
    if (!model::is_company_side(message.role))
      continue;
    const icu::UnicodeString u = unicode(sentence.text);
    const std::optional<Hit> cue = retract.first(u);
    if (!cue)
      continue;
    const std::set<std::string> words = content_words(sentence.text);
    Promise* best = nullptr;
    size_t best_shared = 0;
    for (Promise& p : promises) {
      if (p.message_index >= sentence.message_index || p.retracted_by)
        continue;
      size_t shared = 0;
      for (const std::string& w : content_words(p.quote)) shared += words.count(w);
      if (shared >= best_shared && shared > 0) {
        best = &p;
        best_shared = shared;
      }
    }
    if (!best)
      continue;
    best->retracted_by = sentence.message_index;
    best->explain += "retracted: '" + to_utf8(u.tempSubString(cue->begin, cue->end - cue->begin)) + "' (" +
                     cue->rule->where + ") in a later message\n";
  }
}

Extraction PromiseExtractor::extract(const ConversationInput& conversation) const {
  Extraction result;
  std::vector<Sentence> sentences;
  for (size_t i = 0; i < conversation.messages.size(); ++i) {
    const MessageInput& message = conversation.messages[i];
    if (!model::is_company_side(message.role)) {
      // The customer's words are never judged; they only mark where the agent's lines stop, so
      // one empty sentence stands for them, as long as they would have made any.
      if (m_impl->has_own_words(message))
        sentences.push_back({i, 0, 0, std::string()});
      continue;
    }
    for (Sentence& s : m_impl->sentences_of(message, i)) sentences.push_back(std::move(s));
  }
  std::optional<std::string> currency;
  std::vector<std::optional<Promise>> found(sentences.size());
  for (size_t at = 0; at < sentences.size(); ++at) {
    const MessageInput& message = conversation.messages[sentences[at].message_index];
    // The customer's own words never make a promise, whatever they say.
    if (!model::is_company_side(message.role))
      continue;
    found[at] = m_impl->judge(conversation, sentences, at, currency, result.rejections);
  }
  // The sentence after a promise often finishes it: "It will be refunded to your Mastercard within
  // 3-5 business days." is the same promise with its deadline, not a second one.
  for (size_t at = 0; at + 1 < sentences.size(); ++at) {
    if (!found[at])
      continue;
    Promise& p = *found[at];
    const Sentence& next = sentences[at + 1];
    const MessageInput& message = conversation.messages[next.message_index];
    if (next.message_index != sentences[at].message_index) {
      // Chat agents often send the deadline as their next line: "You'll see it in 3 to 5 business days."
      const MessageInput& said = conversation.messages[sentences[at].message_index];
      if (next.message_index == sentences[at].message_index + 1 && message.speaker == said.speaker &&
          !found[at + 1] && !p.due && p.due_text.empty() && message.local_date &&
          m_impl->due_followup.first(unicode(next.text)) && !m_impl->any_anchor.first(unicode(next.text))) {
        if (std::optional<Due> d = m_impl->find_due(next.text, *message.local_date, next.text)) {
          p.due = d->date;
          p.due_text = d->text;
          p.explain += "due: '" + d->text + "' → " +
                       (d->date ? timeutil::format_date(*d->date) : std::string("no date")) +
                       " (the speaker's next message)\n";
        }
      }
      continue;
    }
    if (found[at + 1]) {
      Promise& q = *found[at + 1];
      const bool continues = q.kind == p.kind || m_impl->continuation.first(unicode(next.text)).has_value();
      if (!continues || (!q.amount.empty() && !p.amount.empty() && q.amount != p.amount))
        continue;
      if (p.amount.empty() && !q.amount.empty()) {
        p.amount = q.amount;
        p.currency = q.currency;
        p.explain += "money: " + q.amount + " " + q.currency + " (next sentence)\n";
      }
      if (!p.due && q.due) {
        p.due = q.due;
        p.due_text = q.due_text;
        p.explain += "due: '" + q.due_text + "' → " + timeutil::format_date(*q.due) + " (next sentence)\n";
      }
      p.quote_end = q.quote_end;
      p.quote = message.text.substr(p.quote_begin, p.quote_end - p.quote_begin);
      p.explain += "continued by the next sentence\n";
      found[at + 1].reset();
    } else if (!p.due && p.due_text.empty() && message.local_date) {
      if (std::optional<Due> d = m_impl->find_due(next.text, *message.local_date, next.text)) {
        p.due = d->date;
        p.due_text = d->text;
        p.explain += "due: '" + d->text + "' → " +
                     (d->date ? timeutil::format_date(*d->date) : std::string("no date")) +
                     " (next sentence)\n";
      }
    }
  }
  for (auto& p : found) {
    if (p)
      result.promises.push_back(std::move(*p));
  }
  m_impl->find_retractions(conversation, sentences, result.promises);
  return result;
}

ConversationInput input_from_conversation(const model::Conversation& conversation) {
  ConversationInput input;
  input.company = conversation.company;
  input.language = conversation.language;
  if (conversation.email) {
    const std::string& from = conversation.email->from_address;
    if (auto at = from.find('@'); at != std::string::npos)
      input.company_domain = from.substr(at + 1);
  }
  std::map<size_t, std::vector<std::string>> refs;
  for (const model::Reference& r : model::extract_references(conversation))
    refs[r.entry_index].push_back(r.value);
  std::map<std::string, model::Role> roles;
  for (const model::Participant& p : conversation.participants) roles[p.name] = p.role;
  for (size_t i = 0; i < conversation.entries.size(); ++i) {
    const model::Entry& e = conversation.entries[i];
    if (e.kind != model::EntryKind::message)
      continue;
    MessageInput m;
    m.id = static_cast<int64_t>(i);
    m.speaker = e.speaker;
    m.role = roles.count(e.speaker) ? roles[e.speaker] : model::Role::unknown;
    m.text = e.text;
    m.signature_at = e.signature_at;
    m.local_date = e.time.date;
    m.said_at = e.time.iso();
    m.utc_offset_minutes = e.time.offset_minutes;
    m.references = refs[i];
    input.messages.push_back(std::move(m));
  }
  return input;
}

}  // namespace inwriting::extract
