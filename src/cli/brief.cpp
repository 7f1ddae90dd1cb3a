// inwriting brief CASE [--lang en|es|th] [--json]
// A short history of a case to paste into the next chat, so the customer never repeats the story.
// The wording is data: one table of templates per language, with {placeholders}.
#include <algorithm>
#include <map>
#include <string_view>

#include "case_contents.hpp"
#include "commands.hpp"
#include "inwriting/util/text.hpp"
#include "promise_output.hpp"

namespace inwriting::cli {

struct BriefOptions {
  std::string name;
  std::string lang;
  bool json = false;
};

namespace {

using Words = std::map<std::string_view, std::string_view>;

// Keys every language has. {company}, {date}, {who}, {refs}, … are filled in by fill().
const Words k_english = {
    {"opening", "Hello. I'm following up on an open matter with {company}. Here is the history so far, so I don't have to repeat it:"},
    {"opening.no_company", "Hello. I'm following up on an open matter. Here is the history so far, so I don't have to repeat it:"},
    {"dispute", "Issue: {type}."},
    {"charge", "Charge: {amount} on {date}."},
    {"charge.no_date", "Amount: {amount}."},
    {"statement", "Statement date: {date}."},
    {"card", "Card/account ending in {last4}."},
    {"history", "What happened:"},
    {"contact.chat", "{date}: chat with {who}"},
    {"contact.email", "{date}: email with {who}"},
    {"contact.phone", "{date}: phone call with {who}"},
    {"contact.social", "{date}: message with {who}"},
    {"contact.web", "{date}: web chat with {who}"},
    {"contact.note", "{date}: my note"},
    {"someone", "your team"},
    {"refs", " (reference {refs})"},
    {"promise", "{who} promised {what}{due}: \"{quote}\""},
    {"due", ", due {date}"},
    {"due.text", " (when: \"{text}\")"},
    {"what.amount", "{kind} of {amount}"},
    {"what.other_amount", "{amount}"},
    {"status.overdue", "OVERDUE since {date}, still not done."},
    {"status.kept", "This was done."},
    {"status.broken", "This was not done."},
    {"status.retracted", "This was later taken back."},
    {"summary", "Still open: {open} promise(s), {overdue} overdue."},
    {"summary.none", "No promise is still open."},
    {"ask", "Please tell me what will be done and by when."},
    {"kind.refund", "a refund"}, {"kind.credit", "a credit"}, {"kind.discount", "a discount"},
    {"kind.waiver", "to waive a fee"}, {"kind.replacement", "a replacement"}, {"kind.callback", "a call back"},
    {"kind.cancellation", "to cancel"}, {"kind.price_match", "a price match"}, {"kind.repair", "a repair"},
    {"kind.other", "to sort it out"},
    {"type.credit-not-processed", "a promised credit or refund was not processed"},
    {"type.not-as-described", "what I received was not as described"},
    {"type.cancelled", "I was charged after cancelling"},
    {"type.duplicate", "I was charged twice"},
    {"type.other", "a billing problem"},
};

const Words k_spanish = {
    {"opening", "Hola. Escribo para dar seguimiento a un caso abierto con {company}. Este es el historial, para no tener que repetirlo:"},
    {"opening.no_company", "Hola. Escribo para dar seguimiento a un caso abierto. Este es el historial, para no tener que repetirlo:"},
    {"dispute", "Problema: {type}."},
    {"charge", "Cargo: {amount} el {date}."},
    {"charge.no_date", "Importe: {amount}."},
    {"statement", "Fecha del estado de cuenta: {date}."},
    {"card", "Tarjeta/cuenta terminada en {last4}."},
    {"history", "Lo que pasó:"},
    {"contact.chat", "{date}: chat con {who}"},
    {"contact.email", "{date}: correo con {who}"},
    {"contact.phone", "{date}: llamada con {who}"},
    {"contact.social", "{date}: mensaje con {who}"},
    {"contact.web", "{date}: chat web con {who}"},
    {"contact.note", "{date}: nota mía"},
    {"someone", "su equipo"},
    {"refs", " (referencia {refs})"},
    {"promise", "{who} prometió {what}{due}: \"{quote}\""},
    {"due", " para el {date}"},
    {"due.text", " (plazo: \"{text}\")"},
    {"what.amount", "{kind} de {amount}"},
    {"what.other_amount", "{amount}"},
    {"status.overdue", "VENCIDO desde el {date}, todavía sin cumplir."},
    {"status.kept", "Esto se cumplió."},
    {"status.broken", "Esto no se cumplió."},
    {"status.retracted", "Esto se retiró después."},
    {"summary", "Pendiente: {open} promesa(s), {overdue} vencida(s)."},
    {"summary.none", "No queda ninguna promesa pendiente."},
    {"ask", "Por favor, díganme qué se va a hacer y para cuándo."},
    {"kind.refund", "un reembolso"}, {"kind.credit", "un crédito"}, {"kind.discount", "un descuento"},
    {"kind.waiver", "anular un cargo"}, {"kind.replacement", "un reemplazo"}, {"kind.callback", "devolver la llamada"},
    {"kind.cancellation", "cancelar"}, {"kind.price_match", "igualar el precio"}, {"kind.repair", "una reparación"},
    {"kind.other", "resolverlo"},
    {"type.credit-not-processed", "no se procesó un crédito o reembolso prometido"},
    {"type.not-as-described", "lo que recibí no es lo que se describió"},
    {"type.cancelled", "me cobraron después de cancelar"},
    {"type.duplicate", "me cobraron dos veces"},
    {"type.other", "un problema de facturación"},
};

const Words k_thai = {
    {"opening", "สวัสดีค่ะ/ครับ ขอติดตามเรื่องที่ยังค้างอยู่กับ {company} ประวัติที่ผ่านมามีดังนี้ จะได้ไม่ต้องเล่าใหม่:"},
    {"opening.no_company", "สวัสดีค่ะ/ครับ ขอติดตามเรื่องที่ยังค้างอยู่ ประวัติที่ผ่านมามีดังนี้ จะได้ไม่ต้องเล่าใหม่:"},
    {"dispute", "ปัญหา: {type}"},
    {"charge", "ยอดที่ถูกเรียกเก็บ: {amount} เมื่อ {date}"},
    {"charge.no_date", "ยอดเงิน: {amount}"},
    {"statement", "วันที่ในใบแจ้งยอด: {date}"},
    {"card", "บัตร/บัญชีลงท้ายด้วย {last4}"},
    {"history", "สิ่งที่เกิดขึ้น:"},
    {"contact.chat", "{date}: แชทกับ {who}"},
    {"contact.email", "{date}: อีเมลกับ {who}"},
    {"contact.phone", "{date}: โทรคุยกับ {who}"},
    {"contact.social", "{date}: ข้อความกับ {who}"},
    {"contact.web", "{date}: แชทบนเว็บกับ {who}"},
    {"contact.note", "{date}: บันทึกของฉัน"},
    {"someone", "เจ้าหน้าที่"},
    {"refs", " (หมายเลขอ้างอิง {refs})"},
    {"promise", "{who} สัญญาว่าจะ{what}{due}: \"{quote}\""},
    {"due", " ภายใน {date}"},
    {"due.text", " (กำหนด: \"{text}\")"},
    {"what.amount", "{kind} {amount}"},
    {"what.other_amount", "ดำเนินการเรื่อง {amount}"},
    {"status.overdue", "เลยกำหนดตั้งแต่ {date} แล้ว ยังไม่ได้ดำเนินการ"},
    {"status.kept", "เรื่องนี้ดำเนินการแล้ว"},
    {"status.broken", "เรื่องนี้ไม่ได้ดำเนินการ"},
    {"status.retracted", "ภายหลังได้ถอนคำสัญญานี้"},
    {"summary", "ยังค้างอยู่: {open} เรื่อง เลยกำหนด {overdue} เรื่อง"},
    {"summary.none", "ไม่มีคำสัญญาที่ยังค้างอยู่"},
    {"ask", "รบกวนแจ้งว่าจะดำเนินการอย่างไรและเมื่อไร"},
    {"kind.refund", "คืนเงิน"}, {"kind.credit", "ให้เครดิต"}, {"kind.discount", "ให้ส่วนลด"},
    {"kind.waiver", "ยกเว้นค่าธรรมเนียม"}, {"kind.replacement", "เปลี่ยนสินค้าให้"}, {"kind.callback", "โทรกลับ"},
    {"kind.cancellation", "ยกเลิกให้"}, {"kind.price_match", "ปรับราคาให้เท่ากัน"}, {"kind.repair", "ซ่อมให้"},
    {"kind.other", "ดำเนินการให้"},
    {"type.credit-not-processed", "ยังไม่ได้รับเครดิตหรือเงินคืนตามที่สัญญาไว้"},
    {"type.not-as-described", "สินค้าหรือบริการไม่ตรงตามที่แจ้งไว้"},
    {"type.cancelled", "ถูกเรียกเก็บเงินหลังจากยกเลิกแล้ว"},
    {"type.duplicate", "ถูกเรียกเก็บเงินซ้ำ"},
    {"type.other", "ปัญหาการเรียกเก็บเงิน"},
};

const std::map<std::string_view, const Words*> k_languages = {{"en", &k_english}, {"es", &k_spanish}, {"th", &k_thai}};

// Replaces each {key} in `templ` with its value.
std::string fill(std::string_view templ, const std::map<std::string, std::string>& values) {
  std::string out;
  size_t pos = 0;
  while (pos < templ.size()) {
    const size_t brace_at = templ.find('{', pos);
    const size_t end_at = brace_at == std::string_view::npos ? brace_at : templ.find('}', brace_at);
    if (end_at == std::string_view::npos) {
      out.append(templ.substr(pos));
      break;
    }
    out.append(templ.substr(pos, brace_at - pos));
    const std::string key(templ.substr(brace_at + 1, end_at - brace_at - 1));
    auto it = values.find(key);
    out += it == values.end() ? "{" + key + "}" : it->second;
    pos = end_at + 1;
  }
  return out;
}

std::string word(const Words& words, const std::string& key) {
  if (auto it = words.find(key); it != words.end()) return std::string(it->second);
  if (auto it = k_english.find(key); it != k_english.end()) return std::string(it->second);
  return key;
}

// The language most of the case's conversations are in (notes count only when nothing else does).
std::string default_language(const CaseContents& contents) {
  std::map<std::string, int> counts, note_counts;
  for (const auto& c : contents.conversations) {
    const std::string& lang = c.conversation.summary.language;
    if (!k_languages.count(lang)) continue;
    ++(c.note ? note_counts : counts)[lang];
  }
  const auto& use = counts.empty() ? note_counts : counts;
  std::string best = "en";
  int most = 0;
  for (const std::string lang : {"en", "es", "th"}) {
    auto it = use.find(lang);
    if (it != use.end() && it->second > most) {
      best = lang;
      most = it->second;
    }
  }
  return best;
}

std::string date_of(const std::string& iso) { return iso.size() >= 10 ? iso.substr(0, 10) : iso; }

std::string short_quote(const std::string& quote) {
  std::string q = text::collapse_spaces(text::trim_unicode(quote));
  // Cut long quotes at a code point boundary.
  if (q.size() > 240) {
    size_t cut = 240;
    while (cut > 0 && (static_cast<unsigned char>(q[cut]) & 0xC0) == 0x80) --cut;
    q = q.substr(0, cut) + "…";
  }
  return q;
}

// The case's company, else the one most of its conversations are with.
std::string company_of(const CaseContents& contents) {
  if (!contents.stored.details.company.empty()) return contents.stored.details.company;
  std::map<std::string, int> counts;
  for (const auto& c : contents.conversations) {
    if (!c.conversation.summary.company.empty()) ++counts[c.conversation.summary.company];
  }
  std::string best;
  int most = 0;
  for (const auto& [company, n] : counts) {
    if (n > most) {
      best = company;
      most = n;
    }
  }
  return best;
}

// A note's text without the "Reference: N" line `case note --ref` added (the reference is said already).
std::string note_text(const std::string& text) {
  const size_t last = text.rfind("\nReference: ");
  return last == std::string::npos || text.find('\n', last + 1) != std::string::npos ? text : text.substr(0, last);
}

std::string brief_text(const CaseContents& contents, const Words& w, const std::string& today) {
  const auto& d = contents.stored.details;
  const std::string company = company_of(contents);
  std::string out;
  out += company.empty() ? word(w, "opening.no_company") : fill(word(w, "opening"), {{"company", company}});
  out += "\n\n";
  std::vector<std::string> facts;
  if (!d.type.empty()) facts.push_back(fill(word(w, "dispute"), {{"type", word(w, "type." + d.type)}}));
  if (!d.amount.empty()) {
    const std::string amount = d.amount + " " + d.currency;
    facts.push_back(d.charge_date.empty() ? fill(word(w, "charge.no_date"), {{"amount", amount}})
                                          : fill(word(w, "charge"), {{"amount", amount}, {"date", d.charge_date}}));
  }
  if (!d.statement_date.empty()) facts.push_back(fill(word(w, "statement"), {{"date", d.statement_date}}));
  if (!d.account_last4.empty()) facts.push_back(fill(word(w, "card"), {{"last4", d.account_last4}}));
  for (const auto& f : facts) out += f + "\n";
  if (!facts.empty()) out += "\n";

  out += word(w, "history") + "\n";
  int open_count = 0, overdue = 0;
  // "Sam promised a refund of 14.99 USD, due 2026-03-13: "…" OVERDUE since …", counted as it goes.
  auto promise_line = [&](const store::StoredPromise& p) {
    std::string what = word(w, "kind." + p.found.kind);
    if (!p.found.amount.empty()) {
      what = fill(word(w, p.found.kind == "other" ? "what.other_amount" : "what.amount"),
                  {{"kind", what}, {"amount", money_text(p.found)}});
    }
    const std::string due = !p.found.due.empty()      ? fill(word(w, "due"), {{"date", p.found.due}})
                            : !p.found.due_text.empty() ? fill(word(w, "due.text"), {{"text", p.found.due_text}})
                                                        : "";
    std::string line = fill(word(w, "promise"), {{"who", p.found.speaker}, {"what", what}, {"due", due}, {"quote", short_quote(p.found.quote)}});
    if (is_overdue(p, today)) {
      line += " " + fill(word(w, "status.overdue"), {{"date", p.found.due}});
      ++overdue;
    } else if (p.status == "kept" || p.status == "broken" || p.status == "retracted") {
      line += " " + word(w, "status." + p.status);
    }
    if (p.status == "open") ++open_count;
    return line;
  };
  std::vector<std::pair<int64_t, std::string>> history;  // (when, lines), told in time order
  for (const auto& cc : contents.conversations) {
    const auto& c = cc.conversation;
    const auto& s = c.summary;
    std::string who;
    for (const auto& p : s.participants) {
      if (model::is_company_side(p.role) || (cc.note && p.role != model::Role::customer)) {
        who += (who.empty() ? "" : ", ") + p.name;
      }
    }
    if (who.empty()) who = s.company.empty() ? word(w, "someone") : s.company;
    else if (!s.company.empty() && !cc.note) who += " (" + s.company + ")";
    std::string refs;
    for (const auto& r : c.references) {
      if (refs.find(r.value) == std::string::npos) refs += (refs.empty() ? "" : ", ") + r.value;
    }
    const std::string date = s.started_iso.empty() ? "?" : date_of(s.started_iso);
    const std::string contact = cc.note && !who.empty() && s.participants.size() > 1 ? "contact.phone"
                                : cc.note                                           ? "contact.note"
                                                                                     : "contact." + std::string(model::to_string(s.channel));
    std::string block = "- " + fill(word(w, contact), {{"date", date}, {"who", who}});
    if (!refs.empty()) block += fill(word(w, "refs"), {{"refs", refs}});
    block += cc.note && !c.entries.empty() ? ": \"" + short_quote(note_text(c.entries.front().text)) + "\"\n" : "\n";
    for (const auto& p : contents.promises) {
      if (p.conversation_id == s.id) block += "  - " + promise_line(p) + "\n";
    }
    history.emplace_back(sort_seconds(s.started_iso).value_or(0), block);
  }
  // Promises put in the case without their conversation.
  for (const auto& p : contents.promises) {
    const bool listed = std::any_of(contents.conversations.begin(), contents.conversations.end(),
                                    [&](const CaseConversation& c) { return c.conversation.summary.id == p.conversation_id; });
    if (listed) continue;
    std::string block = "- " + date_of(p.found.said_at) + ": " + promise_line(p);
    if (!p.found.references.empty()) {
      std::string refs;
      for (const auto& r : p.found.references) refs += (refs.empty() ? "" : ", ") + r;
      block += fill(word(w, "refs"), {{"refs", refs}});
    }
    history.emplace_back(sort_seconds(p.found.said_at).value_or(0), block + "\n");
  }
  std::stable_sort(history.begin(), history.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [when, block] : history) out += block;
  out += "\n";
  out += open_count > 0 ? fill(word(w, "summary"), {{"open", std::to_string(open_count)}, {"overdue", std::to_string(overdue)}})
                  : word(w, "summary.none");
  out += "\n" + word(w, "ask") + "\n";
  return out;
}

}  // namespace

int run_brief(const BriefOptions& o, const GlobalOptions& global, Io& io) {
  auto store = open_store(global, store::OpenMode::read_only, io);
  if (!store) return k_exit_store;
  auto contents = load_case(*store, o.name);
  if (!contents) {
    io.err << "inwriting: " << printable(contents.error()) << "\n";
    return k_exit_usage;
  }
  const std::string lang = o.lang.empty() ? default_language(*contents) : o.lang;
  const std::string text = brief_text(*contents, *k_languages.at(lang), today_local());
  if (o.json) {
    nlohmann::json doc = {{"format_version", k_json_format_version}, {"case", contents->stored.details.name},
                          {"language", lang}, {"text", text}};
    io.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return k_exit_ok;
  }
  io.out << printable(text, true);
  return k_exit_ok;
}

void setup_brief(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<BriefOptions>();
  CLI::App* cmd = app.add_subcommand("brief", "Print a short history of a case to paste into the next chat with the company");
  cmd->add_option("case", options->name, "The case's name (or number)")->required();
  cmd->add_option("--lang", options->lang, "Write it in en, es or th (default: the language of most of its conversations)")
      ->check(CLI::IsMember({"en", "es", "th"}));
  cmd->add_flag("--json", options->json, "Print {format_version, case, language, text} as JSON");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_brief(*options, global, io); });
}

}  // namespace inwriting::cli
