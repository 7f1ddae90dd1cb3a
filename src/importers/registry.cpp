#include "formats.hpp"
#include "inwriting/util/text.hpp"

namespace inwriting::importers {

const std::vector<Importer>& registry() {
  static const std::vector<Importer> table = {
      {"whatsapp", "WhatsApp chat export (.txt, Android and iOS)", detect_whatsapp, parse_whatsapp},
      {"line", "LINE chat history (.txt, Thai and English UI)", detect_line, parse_line},
      {"messenger", "Facebook Messenger / Instagram message_*.json", detect_messenger, parse_messenger},
      {"telegram", "Telegram Desktop result.json", detect_telegram, parse_telegram},
      {"twitter-dm", "X/Twitter archive direct-messages.js", detect_twitter_dm, parse_twitter_dm},
      {"html-chat", "saved chat page or HTML transcript body", detect_html_chat, parse_html_chat},
      {"html-page", "a web page that is not a chat, kept as its text (only with --format)", detect_html_page, parse_html_page},
      {"mbox", "mbox mailbox (mboxrd/mboxo, Thunderbird local folders)", detect_mbox, parse_mbox},
      {"eml", "one email message (.eml, a Maildir file)", detect_eml, parse_eml},
      {"text-chat", "plain-text chat transcript, pasted or emailed", detect_text_chat, parse_text_chat},
  };
  return table;
}

const Importer* find(std::string_view name) {
  for (const auto& importer : registry()) {
    if (importer.name == name) {
      return &importer;
    }
  }
  return nullptr;
}

const Importer* detect(std::string_view bytes) {
  const Importer* best = nullptr;
  int best_score = 0;
  for (const auto& importer : registry()) {
    const int score = importer.detect(bytes);
    if (score > best_score) {
      best = &importer;
      best_score = score;
    }
  }
  return best;
}

Result<std::string> decode_text(const ParseInput& input) {
  const std::string_view bytes = input.bytes;
  if (bytes.empty() || text::trim(bytes).empty()) {
    return make_error(input.display_name + ":1: the file is empty");
  }
  // NUL bytes and many control characters mean this is not a text file.
  size_t control = 0;
  int line = 1;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == '\n') {
      ++line;
    }
    if (c == 0) {
      return make_error(input.display_name + ":" + std::to_string(line) +
                        ": binary data (a NUL byte), not a text transcript");
    }
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
      ++control;
    }
  }
  if (control * 20 > bytes.size()) {
    return make_error(input.display_name + ":1: binary data, not a text transcript");
  }
  if (!text::is_valid_utf8(bytes)) {
    // Locate the first bad byte so the user can see where.
    size_t pos = 0;
    int bad_line = 1;
    while (pos < bytes.size()) {
      const size_t before = pos;
      const char32_t cp = text::next_code_point(bytes, pos);
      if (cp == 0xFFFD && pos - before != 3) {
        return make_error(input.display_name + ":" + std::to_string(bad_line) +
                          ": invalid UTF-8 (byte offset " + std::to_string(before) +
                          "); save the transcript as UTF-8 and import it again");
      }
      if (cp == '\n') {
        ++bad_line;
      }
    }
  }
  return text::normalize_newlines_and_marks(bytes);
}

}  // namespace inwriting::importers
