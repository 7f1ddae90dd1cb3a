#include "inwriting/model/conversation.hpp"

#include <algorithm>
#include <array>

#include "inwriting/util/text.hpp"

namespace inwriting::model {

std::string_view to_string(Channel c) {
  switch (c) {
  case Channel::chat: return "chat";
  case Channel::email: return "email";
  case Channel::phone: return "phone";
  case Channel::social: return "social";
  case Channel::web: return "web";
  }
  return "chat";
}

std::string_view to_string(Role r) {
  switch (r) {
  case Role::unknown: return "unknown";
  case Role::agent: return "agent";
  case Role::customer: return "customer";
  case Role::bot: return "bot";
  case Role::system: return "system";
  }
  return "unknown";
}

std::optional<Channel> channel_from_string(std::string_view s) {
  for (Channel c : {Channel::chat, Channel::email, Channel::phone, Channel::social, Channel::web}) {
    if (to_string(c) == s) {
      return c;
    }
  }
  return std::nullopt;
}

std::optional<Role> role_from_string(std::string_view s) {
  for (Role r : {Role::unknown, Role::agent, Role::customer, Role::bot, Role::system}) {
    if (to_string(r) == s) {
      return r;
    }
  }
  return std::nullopt;
}

int64_t Timestamp::wall_seconds() const { return timeutil::wall_seconds(*date, *time); }

std::optional<int64_t> Timestamp::utc_seconds() const {
  if (!complete() || !offset_minutes) {
    return std::nullopt;
  }
  return wall_seconds() - *offset_minutes * 60;
}

std::string Timestamp::iso() const {
  if (complete()) {
    return timeutil::format_iso(wall_seconds(), offset_minutes);
  }
  if (date) {
    return timeutil::format_date(*date);
  }
  return {};
}

size_t Conversation::message_count() const {
  return static_cast<size_t>(
      std::count_if(entries.begin(), entries.end(), [](const Entry& e) { return e.kind == EntryKind::message; }));
}

Participant* Conversation::find_participant(std::string_view name) {
  for (auto& p : participants) {
    if (p.name == name) {
      return &p;
    }
  }
  return nullptr;
}

Participant& Conversation::participant(std::string_view name) {
  if (auto* p = find_participant(name)) {
    return *p;
  }
  participants.push_back(Participant{std::string(name), Role::unknown, {}});
  return participants.back();
}

namespace {

bool equals_icase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && text::starts_with_icase(a, b);
}

// Labels chat windows and exports use for the person who saved the transcript.
constexpr std::array k_self_labels = {"you", "me", "visitor", "customer", "guest", "tú", "tu", "yo",
                                      "usted", "visitante", "cliente", "คุณ", "ฉัน", "ลูกค้า"};

constexpr std::array k_bot_words = {"virtual assistant", "chatbot", "chat bot", " bot", "bot ", "assistant",
                                    "asistente", "automated", "auto-reply", "แชทบอท", "ผู้ช่วยอัตโนมัติ",
                                    "ผู้ช่วยเสมือน"};

// A participant named for the company's service desk rather than a person.
constexpr std::array k_service_words = {"customer service", "customer care", "customer support", "support team",
                                        "help desk", "helpdesk", "servicio al cliente", "atencion al cliente",
                                        "soporte", "official", "oficial", "ฝ่ายบริการลูกค้า", "คอลเซ็นเตอร์"};

constexpr std::array k_agent_prefixes = {"agent ", "agente ", "asesor ", "asesora ", "ejecutivo ", "ejecutiva ",
                                         "เจ้าหน้าที่", "แอดมิน", "support ", "rep "};

// Phrases only the company's side opens with.
constexpr std::array k_agent_greetings = {
    "my name is",        "thanks for contacting", "thank you for contacting", "thanks for reaching out",
    "thank you for reaching out", "how can i help",   "how may i help",     "how can i assist",
    "how may i assist",  "thank you for chatting", "thanks for chatting", "you are chatting with",
    "en qué te puedo ayudar", "en que te puedo ayudar", "en qué le puedo ayudar", "en qué puedo ayudar",
    "gracias por comunicarte", "gracias por contactar", "gracias por escribirnos", "mi nombre es",
    "ยินดีต้อนรับ", "ยินดีให้บริการ", "มีอะไรให้ช่วย", "สอบถามได้เลย", "ขอบคุณที่ติดต่อ"};

// The word lists above, folded once: they are compared with folded names and messages.
template <size_t N> std::vector<std::string> folded_list(const std::array<const char*, N>& words) {
  std::vector<std::string> out;
  for (const char* w : words) {
    out.push_back(text::fold_for_search(w));
  }
  return out;
}

bool contains_any(const std::string& folded, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return folded.find(w) != std::string::npos; });
}

bool is_self_label(std::string_view name) {
  static const auto labels = folded_list(k_self_labels);
  const std::string folded = text::fold_for_search(name);
  return std::find(labels.begin(), labels.end(), folded) != labels.end();
}

bool looks_like_bot(std::string_view name) {
  const std::string lowered = " " + text::to_lower_ascii(name) + " ";
  return std::any_of(k_bot_words.begin(), k_bot_words.end(),
                     [&](const char* w) { return lowered.find(w) != std::string::npos; });
}

bool names_a_service(std::string_view name) {
  static const auto words = folded_list(k_service_words);
  return contains_any(text::fold_for_search(name), words);
}

bool has_agent_prefix(std::string_view name) {
  const std::string lowered = text::to_lower_ascii(name);
  return std::any_of(k_agent_prefixes.begin(), k_agent_prefixes.end(),
                     [&](const char* p) { return lowered.rfind(p, 0) == 0; });
}

bool greets_as_company(std::string_view message) {
  static const auto greetings = folded_list(k_agent_greetings);
  return contains_any(text::fold_for_search(message.substr(0, 600)), greetings);
}

bool name_matches_company(std::string_view name, std::string_view company) {
  if (company.empty()) {
    return false;
  }
  const std::string n = text::fold_for_search(name);
  const std::string c = text::fold_for_search(company);
  return n == c || n.find(c) != std::string::npos || c.find(n) != std::string::npos;
}

void set_role(Participant& p, Role role, std::string reason) {
  if (p.role == Role::unknown) {
    p.role = role;
    p.role_reason = std::move(reason);
  }
}

void decide_roles(Conversation& c, const ImportContext& context) {
  // What the user said is final.
  for (auto& p : c.participants) {
    for (const auto& me : context.me) {
      if (equals_icase(p.name, me) || text::fold_for_search(p.name) == text::fold_for_search(me)) {
        p.role = Role::customer;
        p.role_reason = "--me";
      }
    }
  }
  for (auto& p : c.participants) {
    if (p.role != Role::unknown) {
      continue;
    }
    if (is_self_label(p.name)) {
      set_role(p, Role::customer, "labelled as the user");
    } else if (looks_like_bot(p.name)) {
      set_role(p, Role::bot, "named as an assistant");
    } else if (has_agent_prefix(p.name)) {
      set_role(p, Role::agent, "named as an agent");
    } else if (names_a_service(p.name)) {
      set_role(p, Role::agent, "named as the company's service");
    } else if (name_matches_company(p.name, c.company)) {
      set_role(p, Role::agent, "the company's account");
    }
  }
  // Greetings: the first message of a participant that opens like a company.
  for (auto& p : c.participants) {
    if (p.role != Role::unknown) {
      continue;
    }
    int seen = 0;
    for (const auto& e : c.entries) {
      if (e.kind != EntryKind::message || e.speaker != p.name) {
        continue;
      }
      if (greets_as_company(e.text)) {
        set_role(p, Role::agent, "greets as the company");
        break;
      }
      if (++seen >= 2) {
        break;
      }
    }
  }
  // Two people talking: once one side is known, the other is the other side.
  std::vector<Participant*> unknown;
  bool have_customer = false;
  bool have_company = false;
  for (auto& p : c.participants) {
    if (p.role == Role::unknown) {
      unknown.push_back(&p);
    } else if (p.role == Role::customer) {
      have_customer = true;
    } else if (is_company_side(p.role)) {
      have_company = true;
    }
  }
  if (unknown.size() == 1) {
    if (have_company && !have_customer) {
      set_role(*unknown.front(), Role::customer, "the only other participant");
    } else if (have_customer && !have_company) {
      set_role(*unknown.front(), Role::agent, "the only other participant");
    } else if (have_customer && have_company) {
      // A third person beside a known customer and company: a second agent is the usual case
      // (a bot hands over to a human), but we say so only when they greet or join as staff.
    }
  } else if (!unknown.empty() && have_customer) {
    // Several unknown speakers with the customer known: they are the company's staff.
    for (auto* p : unknown) {
      set_role(*p, Role::agent, "not the customer");
    }
  }
}

void resolve_times(Conversation& c, const ImportContext& context) {
  auto resolve = [&](Timestamp& t) {
    if (!t.complete() || t.offset_minutes || !context.tz) {
      return;
    }
    t.offset_minutes = timeutil::zone_offset_at_local(*context.tz, t.wall_seconds());
  };
  for (auto& e : c.entries) {
    resolve(e.time);
  }
  if (c.started) {
    resolve(*c.started);
  }
  if (c.ended) {
    resolve(*c.ended);
  }
  // Started and ended span every timed line, events too: "Chat started" is when it started.
  const Entry* first = nullptr;
  const Entry* last = nullptr;
  for (const auto& e : c.entries) {
    if (e.time.complete()) {
      if (!first) {
        first = &e;
      }
      last = &e;
    }
  }
  if (!c.started && first) {
    c.started = first->time;
  }
  if (!c.ended && last) {
    c.ended = last->time;
  }
}

}  // namespace

void finish_conversation(Conversation& c, const ImportContext& context) {
  if (context.company) {
    c.company = *context.company;
  }
  if (context.channel) {
    c.channel = *context.channel;
  }
  for (auto& e : c.entries) {
    if (e.signature_at < e.text.size()) {
      // Normalising may change byte lengths: the signature must still start where it did.
      const std::string own = text::nfc(std::string_view(e.text).substr(0, e.signature_at));
      e.text = own + text::nfc(std::string_view(e.text).substr(e.signature_at));
      e.signature_at = own.size();
    } else {
      e.signature_at = std::string::npos;
      e.text = text::nfc(e.text);
    }
    if (e.kind == EntryKind::message && !e.speaker.empty()) {
      c.participant(e.speaker);
    }
  }
  decide_roles(c, context);
  resolve_times(c, context);
  if (c.language.empty()) {
    std::string all;
    for (const auto& e : c.entries) {
      if (e.kind == EntryKind::message) {
        all += e.text;
        all += '\n';
      }
      if (all.size() > 20000) {
        break;
      }
    }
    c.language = text::guess_language(all);
  }
}

}  // namespace inwriting::model
