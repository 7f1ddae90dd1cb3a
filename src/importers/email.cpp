// Email: one RFC 5322 message (.eml, a Maildir file) or an mbox of them (mboxrd/mboxo, Thunderbird
// "From - " separators). GMime parses the MIME structure, decodes transfer encodings and RFC 2047
// headers; ICU converts every text part to UTF-8. A transcript email (a mailed chat) becomes the
// chat it carries, read by the plain-text or HTML chat parser; any other email becomes an email
// conversation of one message.
// Not here yet (the email issue's later parts): quoted history split into earlier messages,
// threading across files, attachments kept as sources, Maildir directories as one mailbox.
#include <glib.h>
#include <gmime/gmime.h>
#include <gumbo.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "email_quotes.hpp"
#include "formats.hpp"
#include "mbox_reader.hpp"
#include "inwriting/util/text.hpp"

namespace inwriting::importers {

namespace {

constexpr int k_max_depth = 2000;       // MIME nesting we walk (GMime itself stops at 1,024)
constexpr int k_max_html_depth = 400;   // HTML nesting we walk for visible text

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

template <typename T> struct GUnref {
  void operator()(T* p) const {
    if (p) {
      g_object_unref(p);
    }
  }
};
template <typename T> using GPtr = std::unique_ptr<T, GUnref<T>>;

// ---- detection ----

bool core_header(std::string_view line) {
  for (const char* name : {"from:", "date:", "subject:", "message-id:", "mime-version:", "received:"}) {
    if (text::starts_with_icase(line, name)) {
      return true;
    }
  }
  return false;
}

// A header field line: "Name: value" with a name of printable ASCII and no spaces.
bool header_field(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 76) {
    return false;
  }
  for (size_t i = 0; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c <= 32 || c >= 127) {
      return false;
    }
  }
  return true;
}

// How many core headers the header block starting at `pos` holds; 0 when it is not a header block.
int header_block_score(std::string_view bytes, size_t pos) {
  int core = 0;
  int fields = 0;
  int lines = 0;
  while (pos < bytes.size() && lines < 400) {
    size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) {
      end = bytes.size();
    }
    std::string_view line = bytes.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    pos = end + 1;
    ++lines;
    if (line.empty()) {
      break;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (fields == 0) {
        return 0;
      }
      continue;  // a folded continuation
    }
    if (!header_field(line)) {
      return 0;
    }
    ++fields;
    core += core_header(line) ? 1 : 0;
  }
  return core >= 2 ? core : 0;
}

size_t skip_bom(std::string_view bytes) { return bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

// ---- charsets ----

void substitute_fffd(const void*, UConverterToUnicodeArgs* args, const char*, int32_t, UConverterCallbackReason reason,
                     UErrorCode* err) {
  if (reason == UCNV_ILLEGAL || reason == UCNV_UNASSIGNED || reason == UCNV_IRREGULAR) {
    static const UChar fffd = 0xFFFD;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
  }
}

// The charset a declared name is read as: the superset mail software really sends.
std::string effective_charset(std::string charset) {
  charset = text::to_lower_ascii(text::trim(charset));
  if (charset == "iso-8859-1" || charset == "iso8859-1" || charset == "latin1" || charset == "latin-1" ||
      charset == "iso_8859-1" || charset == "us-ascii" || charset == "ascii" || charset == "ansi_x3.4-1968") {
    return "windows-1252";
  }
  if (charset == "tis-620" || charset == "tis620" || charset == "iso-8859-11" || charset == "x-windows-874" ||
      charset == "cp874") {
    return "windows-874";
  }
  if (charset == "utf8") {
    return "utf-8";
  }
  return charset;
}

bool converter_exists(const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset.c_str(), &status);
  if (conv) {
    ucnv_close(conv);
  }
  return U_SUCCESS(status) && conv;
}

// Bytes in `charset` as UTF-8; invalid bytes become U+FFFD, never dropped.
std::optional<std::string> convert(std::string_view bytes, const std::string& charset) {
  if (bytes.empty()) {
    return std::string();
  }
  if (bytes.size() > (1u << 28)) {
    return std::nullopt;
  }
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset.c_str(), &status);
  if (U_FAILURE(status) || !conv) {
    return std::nullopt;
  }
  ucnv_setToUCallBack(conv, substitute_fffd, nullptr, nullptr, nullptr, &status);
  std::u16string wide(bytes.size() * 2 + 16, u'\0');
  const int32_t n = ucnv_toUChars(conv, reinterpret_cast<UChar*>(wide.data()), static_cast<int32_t>(wide.size()),
                                  bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  ucnv_close(conv);
  if (U_FAILURE(status) || n < 0) {
    return std::nullopt;
  }
  std::string out(static_cast<size_t>(n) * 3 + 16, '\0');
  int32_t written = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &written, reinterpret_cast<const UChar*>(wide.data()),
                     n, 0xFFFD, nullptr, &status);
  if (U_FAILURE(status)) {
    return std::nullopt;
  }
  out.resize(static_cast<size_t>(written));
  return out;
}

bool all_ascii(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string detect_charset(std::string_view bytes) {
  if (text::is_valid_utf8(bytes)) {
    return "utf-8";
  }
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&status);
  std::string found;
  if (U_SUCCESS(status) && det) {
    ucsdet_setText(det, bytes.data(), static_cast<int32_t>(std::min<size_t>(bytes.size(), 1u << 20)), &status);
    const UCharsetMatch* match = ucsdet_detect(det, &status);
    if (U_SUCCESS(status) && match) {
      const char* name = ucsdet_getName(match, &status);
      if (U_SUCCESS(status) && name) {
        found = name;
      }
    }
  }
  if (det) {
    ucsdet_close(det);
  }
  found = effective_charset(found);
  return found.empty() || !converter_exists(found) ? "windows-1252" : found;
}

// ---- GMime helpers ----

std::string bytes_of(GMimeStream* stream) {
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  if (!array || !array->data) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

// The decoded (QP/base64 undone) bytes of a leaf part.
std::string decoded_content(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) {
    return {};
  }
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, mem.get());
  return bytes_of(mem.get());
}

std::string safe(const char* s) { return s ? std::string(s) : std::string(); }

// mboxrd/mboxo: a body line ">From " (or ">>From ", …) was written with one '>' more.
std::string unescape_from_lines(const std::string& body) {
  std::string out;
  out.reserve(body.size());
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t end = body.find('\n', pos);
    const bool last = end == std::string::npos;
    if (last) {
      end = body.size();
    }
    std::string_view line(body.data() + pos, end - pos);
    const size_t arrows = line.find_first_not_of('>');
    if (arrows != std::string_view::npos && arrows >= 1 && line.substr(arrows).starts_with("From ")) {
      line.remove_prefix(1);
    }
    out.append(line);
    if (last) {
      break;
    }
    out.push_back('\n');
    pos = end + 1;
  }
  return out;
}

// ---- HTML visible text (for ordinary emails with an HTML body only) ----

void html_text(const GumboNode* n, std::string& out, int depth) {
  if (depth > k_max_html_depth) {
    return;
  }
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
    out += n->v.text.text;
    return;
  }
  if (n->type == GUMBO_NODE_WHITESPACE) {
    out.push_back(' ');
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) {
    return;
  }
  const GumboVector* kids = &n->v.document.children;
  bool block = false;
  if (n->type == GUMBO_NODE_ELEMENT) {
    switch (n->v.element.tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_TEMPLATE:
      return;
    case GUMBO_TAG_BR:
      out.push_back('\n');
      return;
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_TR: case GUMBO_TAG_LI: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_HR:
      block = true;
      break;
    default:
      break;
    }
    kids = &n->v.element.children;
  }
  if (block) {
    out.push_back('\n');
  }
  for (unsigned i = 0; i < kids->length; ++i) {
    html_text(static_cast<const GumboNode*>(kids->data[i]), out, depth + 1);
  }
  if (block) {
    out.push_back('\n');
  }
}

// The text of HTML too deeply nested for Gumbo: its tags dropped, a few entities decoded.
std::string text_without_tags(const std::string& html) {
  std::string raw;
  raw.reserve(html.size() / 2);
  for (size_t i = 0; i < html.size();) {
    if (html[i] == '<') {
      const size_t close = html.find('>', i);
      if (close == std::string::npos) {
        break;
      }
      const std::string_view tag(html.data() + i, close - i);
      if (tag.starts_with("<br") || tag.starts_with("<p") || tag.starts_with("</p") || tag.starts_with("<div") ||
          tag.starts_with("</div") || tag.starts_with("<tr") || tag.starts_with("<li")) {
        raw.push_back('\n');
      }
      i = close + 1;
      continue;
    }
    if (html[i] == '&') {
      bool matched = false;
      for (const auto& [entity, ch] : {std::pair{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                                       {"&#39;", "'"}, {"&nbsp;", " "}}) {
        if (std::string_view(html).substr(i).starts_with(entity)) {
          raw += ch;
          i += std::strlen(entity);
          matched = true;
          break;
        }
      }
      if (matched) {
        continue;
      }
    }
    raw.push_back(html[i++]);
  }
  std::string out;
  for (auto line : text::split_lines(raw)) {
    const std::string squashed = text::trim_unicode(text::collapse_spaces(line));
    if (!squashed.empty()) {
      out += (out.empty() ? "" : "\n") + squashed;
    }
  }
  return out;
}

std::string visible_text_of_html(const std::string& html) {
  if (html_too_deep(html)) {
    return text_without_tags(html);
  }
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (!output) {
    return {};
  }
  std::string raw;
  html_text(output->document, raw, 0);
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  // Collapse spaces inside lines, drop blank runs.
  std::string out;
  for (auto line : text::split_lines(raw)) {
    const std::string squashed = text::trim_unicode(text::collapse_spaces(line));
    if (!squashed.empty()) {
      out += (out.empty() ? "" : "\n") + squashed;
    }
  }
  return out;
}

// 1-based line of a byte offset.
class LineIndex {
public:
  LineIndex(std::string_view bytes, int offset) : m_offset(offset) {
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (bytes[i] == '\n') {
        m_newlines.push_back(i);
      }
    }
  }
  int line_of(int64_t offset) const {
    if (offset < 0) {
      return 1 + m_offset;
    }
    const auto it = std::lower_bound(m_newlines.begin(), m_newlines.end(), static_cast<size_t>(offset));
    return static_cast<int>(it - m_newlines.begin()) + 1 + m_offset;
  }

private:
  std::vector<size_t> m_newlines;
  int m_offset = 0;
};

// ---- attachments ----

// What people see of a name in a warning: no control characters, at most 120 bytes.
std::string printable_name(std::string_view name) {
  std::string out;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    out.push_back(c < 0x20 || c == 0x7f ? '?' : ch);
    if (out.size() >= 120) {
      out += "…";
      break;
    }
  }
  return text::is_valid_utf8(out) ? out : text::repair_utf8(out);
}

std::string extension_for(std::string_view content_type) {
  static const std::pair<const char*, const char*> known[] = {
      {"application/pdf", ".pdf"}, {"image/jpeg", ".jpg"}, {"image/png", ".png"}, {"image/gif", ".gif"},
      {"image/webp", ".webp"},     {"text/plain", ".txt"}, {"text/html", ".html"}, {"text/csv", ".csv"},
      {"message/rfc822", ".eml"},  {"application/zip", ".zip"}, {"text/calendar", ".ics"}};
  for (const auto& [type, ext] : known) {
    if (content_type == type) {
      return ext;
    }
  }
  return ".bin";
}

// An attachment's name as a plain file name: never a path, never "..", no control or shell-hostile
// characters, valid UTF-8, at most 120 bytes (cut at a character boundary).
std::string sanitize_file_name(std::string_view given, std::string_view content_type) {
  std::string name(given);
  if (!text::is_valid_utf8(name)) {
    name = text::repair_utf8(name);
  }
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) {
    name = name.substr(slash + 1);
  }
  std::string clean;
  for (size_t pos = 0; pos < name.size();) {
    const size_t start = pos;
    const char32_t cp = text::next_code_point(name, pos);
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x200e || cp == 0x200f ||
        (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
      continue;  // control characters and direction overrides ("txt.exe" shown as "exe.txt")
    }
    if (cp == ':' || cp == '*' || cp == '?' || cp == '"' || cp == '<' || cp == '>' || cp == '|') {
      clean.push_back('_');
      continue;
    }
    clean.append(name, start, pos - start);
  }
  clean = text::trim_unicode(clean);
  while (!clean.empty() && (clean.front() == '.' || clean.front() == '-' || clean.front() == ' ')) {
    clean.erase(0, 1);
  }
  if (clean.size() > 120) {
    size_t cut = 120;
    while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    const size_t dot = clean.rfind('.');
    const std::string ext = dot != std::string::npos && clean.size() - dot <= 10 ? clean.substr(dot) : "";
    clean = clean.substr(0, cut > ext.size() ? cut - ext.size() : cut) + ext;
  }
  if (clean.empty() || clean == "." || clean == "..") {
    clean = "attachment" + extension_for(content_type);
  }
  return text::nfc(clean);
}

// Whether a base64 part's encoded text stops short of a whole 4-character quantum (cut in transit).
bool base64_cut_short(GMimePart* part) {
  if (g_mime_part_get_content_encoding(part) != GMIME_CONTENT_ENCODING_BASE64) {
    return false;
  }
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  GMimeStream* raw = content ? g_mime_data_wrapper_get_stream(content) : nullptr;
  if (!raw) {
    return false;
  }
  g_mime_stream_reset(raw);
  size_t symbols = 0;
  char buffer[65536];
  for (;;) {
    const ssize_t n = g_mime_stream_read(raw, buffer, sizeof buffer);
    if (n <= 0) {
      break;
    }
    for (ssize_t i = 0; i < n; ++i) {
      const char c = buffer[i];
      symbols += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
    }
  }
  g_mime_stream_reset(raw);
  return symbols % 4 != 0;
}

// ---- one message ----

// A part that is not the email's text, before we know whether the HTML shows it inline.
struct PendingAttachment {
  model::Attachment attachment;
  std::string content_id;
  bool inline_disposition = false;
};

struct Bodies {
  std::vector<PendingAttachment> parts;
  std::string plain;  // UTF-8, every inline text/plain part
  std::string html;   // UTF-8, the first inline text/html part
  int plain_parts = 0;
  int plain_first_line = 0;  // the (last) plain part's content in the source
  int plain_last_line = 0;
  bool plain_identity = false;  // 7bit/8bit: its lines are the source's lines
};

struct MessageReader {
  const ParseInput& input;
  const LineIndex& lines;
  int first_line;  // where the message starts in the source
  bool mbox;
  std::vector<std::string>& warnings;

  std::string where() const { return input.display_name + ":" + std::to_string(first_line) + ": "; }

  std::string text_of(GMimePart* part, const char* kind) {
    const std::string raw = decoded_content(part);
    const std::string declared = safe(g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset"));
    std::string charset = effective_charset(declared);
    std::optional<std::string> utf8;
    if (declared.empty() && all_ascii(raw)) {
      charset = "us-ascii";
      utf8 = raw;
    } else if (charset.empty() || !converter_exists(charset)) {
      charset = detect_charset(raw);
      warnings.push_back(where() + (declared.empty() ? std::string("no charset given") : "unknown charset '" + declared + "'") +
                         " for the " + kind + " part; read as " + charset);
    }
    if (!utf8) {
      utf8 = convert(raw, charset);
    }
    if (!utf8) {
      warnings.push_back(where() + "could not convert the " + kind + " part from " + charset + "; invalid bytes replaced");
      utf8 = text::repair_utf8(raw);
    }
    std::string out = text::normalize_newlines_and_marks(*utf8);
    return mbox ? unescape_from_lines(out) : out;
  }

  // Parts re-read from a multipart whose boundary was missing or wrong: kept alive for the walk.
  std::vector<GPtr<GMimeObject>> recovered;
  bool in_recovered = false;  // their offsets are not the source's: no line numbers from them

  // A multipart without parts: its boundary is missing or never appears, so GMime left the whole
  // body as its prologue. When the body's first "--token" line recurs as a boundary, the parts are
  // read again under it; else the body is read as plain text. Never dropped silently.
  GMimeObject* recover_multipart(GMimeMultipart* multi) {
    const std::string prologue = safe(g_mime_multipart_get_prologue(multi));
    // GMime makes a boundary up when the header has none: ask the header itself.
    const std::string header = text::to_lower_ascii(safe(g_mime_object_get_header(GMIME_OBJECT(multi), "Content-Type")));
    const std::string declared =
        header.find("boundary") == std::string::npos ? std::string() : safe(g_mime_multipart_get_boundary(multi));
    if (text::trim(prologue).empty()) {
      return nullptr;
    }
    std::string token;
    for (auto line : text::split_lines(prologue)) {
      const std::string_view t = text::trim(line);
      if (t.empty()) {
        continue;
      }
      if (t.size() > 2 && t.size() <= 72 && t.starts_with("--") && t.find(' ') == std::string_view::npos) {
        token = std::string(t.substr(2));
      }
      break;
    }
    if (!token.empty() && token == declared) {
      // The boundary is there: GMime stopped reading at its own nesting limit.
      warnings.push_back(where() + "MIME parts nested more than 1024 deep; the inner ones are skipped");
      return nullptr;
    }
    const std::string what = declared.empty() ? std::string("a multipart without a boundary parameter")
                                              : "a multipart whose boundary '" + printable_name(declared) + "' never appears";
    if (!token.empty() && token != declared && prologue.find("--" + token, 2 + token.size()) != std::string::npos) {
      warnings.push_back(where() + what + "; its parts read under the boundary its body uses, '" + printable_name(token) + "'");
      const std::string rebuilt = "Content-Type: multipart/mixed; boundary=\"" + token + "\"\r\n\r\n" + prologue;
      GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(rebuilt.data(), rebuilt.size()));
      GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
      GMimeObject* part = g_mime_parser_construct_part(parser.get(), nullptr);
      if (part && GMIME_IS_MULTIPART(part) && g_mime_multipart_get_count(GMIME_MULTIPART(part)) > 0) {
        recovered.emplace_back(part);
        return part;
      }
      if (part) {
        g_object_unref(part);
      }
    }
    warnings.push_back(where() + what + "; its body read as plain text");
    GMimeTextPart* plain = g_mime_text_part_new_with_subtype("plain");
    g_mime_text_part_set_text(plain, prologue.c_str());
    recovered.emplace_back(GMIME_OBJECT(plain));
    return GMIME_OBJECT(plain);
  }

  // Depth first, in order, without recursion: GMime nests up to 1,024 levels, we walk them all.
  void walk(GMimeObject* root, Bodies& bodies, int) {
    std::vector<std::pair<GMimeObject*, int>> stack{{root, 0}};
    size_t recovered_from = std::string::npos;  // stack size when a recovered subtree started
    bool warned_depth = false;
    while (!stack.empty()) {
      auto [object, depth] = stack.back();
      stack.pop_back();
      if (recovered_from != std::string::npos && stack.size() < recovered_from) {
        in_recovered = false;
        recovered_from = std::string::npos;
      }
      if (!object) {
        continue;
      }
      if (depth > k_max_depth) {
        if (!warned_depth) {
          warnings.push_back(where() + "MIME parts nested more than " + std::to_string(k_max_depth) +
                             " deep; the inner ones are skipped");
          warned_depth = true;
        }
        continue;
      }
      if (GMIME_IS_MULTIPART(object)) {
        GMimeMultipart* multi = GMIME_MULTIPART(object);
        const int count = g_mime_multipart_get_count(multi);
        if (count == 0) {
          if (GMimeObject* again = recover_multipart(multi)) {
            if (!in_recovered) {
              in_recovered = true;
              recovered_from = stack.size();
            }
            stack.emplace_back(again, depth + 1);
          }
          continue;
        }
        for (int i = count; i-- > 0;) {
          stack.emplace_back(g_mime_multipart_get_part(multi, i), depth + 1);
        }
        continue;
      }
      leaf(object, bodies);
    }
  }

  void leaf(GMimeObject* object, Bodies& bodies) {
    if (GMIME_IS_MESSAGE_PART(object)) {
      // An attached email is evidence of its own: kept whole, as the sender attached it.
      PendingAttachment pending;
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      if (inner) {
        GPtr<GMimeStream> mem(g_mime_stream_mem_new());
        g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, mem.get());
        pending.attachment.bytes = bytes_of(mem.get());
      }
      const std::string subject = inner ? safe(g_mime_message_get_subject(inner)) : std::string();
      pending.attachment.file_name = sanitize_file_name(subject.empty() ? "attached-email" : subject, "message/rfc822");
      if (!pending.attachment.file_name.ends_with(".eml")) {
        pending.attachment.file_name += ".eml";
      }
      pending.attachment.content_type = "message/rfc822";
      pending.attachment.size = pending.attachment.bytes.size();
      bodies.parts.push_back(std::move(pending));
      return;
    }
    if (!GMIME_IS_PART(object)) {
      return;
    }
    GMimePart* part = GMIME_PART(object);
    GMimeContentType* type = g_mime_object_get_content_type(object);
    const bool is_plain = type && g_mime_content_type_is_type(type, "text", "plain");
    const bool is_html = type && g_mime_content_type_is_type(type, "text", "html");
    const std::string filename = safe(g_mime_part_get_filename(part));
    if (g_mime_part_is_attachment(part) || (!is_plain && !is_html)) {
      PendingAttachment pending;
      char* mime_type = type ? g_mime_content_type_get_mime_type(type) : nullptr;
      pending.attachment.content_type = mime_type ? text::to_lower_ascii(mime_type) : "application/octet-stream";
      g_free(mime_type);
      pending.attachment.bytes = decoded_content(part);
      pending.attachment.size = pending.attachment.bytes.size();
      pending.attachment.file_name = sanitize_file_name(filename, pending.attachment.content_type);
      if (!filename.empty() && pending.attachment.file_name != filename) {
        warnings.push_back(where() + "attachment name '" + printable_name(filename) + "' kept as '" +
                           pending.attachment.file_name + "'");
      }
      pending.content_id = safe(g_mime_part_get_content_id(part));
      GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object);
      pending.inline_disposition =
          disposition && text::to_lower_ascii(safe(g_mime_content_disposition_get_disposition(disposition))) == "inline";
      if (base64_cut_short(part)) {
        warnings.push_back(where() + "attachment '" + pending.attachment.file_name +
                           "' is cut short (its base64 stops mid-way); kept as far as it goes");
      }
      bodies.parts.push_back(std::move(pending));
      return;
    }
    if (base64_cut_short(part)) {
      warnings.push_back(where() + "the " + std::string(is_plain ? "text/plain" : "text/html") +
                         " part is cut short (its base64 stops mid-way); read as far as it goes");
    }
    if (is_plain) {
      ++bodies.plain_parts;
      bodies.plain_first_line = 0;
      bodies.plain_last_line = 0;
      if (GMimeDataWrapper* content = in_recovered ? nullptr : g_mime_part_get_content(part)) {
        // The parser keeps the source stream: the content is a window on it.
        if (GMimeStream* window = g_mime_data_wrapper_get_stream(content); window && window->bound_start >= 0) {
          bodies.plain_first_line = lines.line_of(window->bound_start);
          bodies.plain_last_line = std::max(bodies.plain_first_line,
                                            lines.line_of(std::max<int64_t>(window->bound_end - 1, window->bound_start)));
        }
      }
      const GMimeContentEncoding encoding = g_mime_part_get_content_encoding(part);
      bodies.plain_identity = !in_recovered && (encoding == GMIME_CONTENT_ENCODING_DEFAULT ||
                                                encoding == GMIME_CONTENT_ENCODING_7BIT || encoding == GMIME_CONTENT_ENCODING_8BIT);
      std::string t = text_of(part, "text/plain");
      if (!bodies.plain.empty() && !t.empty()) {
        bodies.plain += "\n\n";
      }
      bodies.plain += t;
    } else if (bodies.html.empty()) {
      bodies.html = text_of(part, "text/html");
    }
  }
};

// Whether a sender is a company's desk rather than a person: a role address (noreply@, support@,
// …) or a display name naming a service ("… Customer Care", "Maya from …").
bool sender_is_company(const std::string& name, const std::string& address) {
  const std::string local = text::to_lower_ascii(address.substr(0, address.find('@')));
  for (const char* role : {"noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "support", "help", "care",
                           "service", "info", "hello", "contact", "team", "notification", "billing", "orders",
                           "member", "atencion", "soporte", "ayuda", "cliente", "bounce", "mailer", "reply"}) {
    if (local.find(role) != std::string::npos) {
      return true;
    }
  }
  const std::string n = text::to_lower_ascii(name);
  for (const char* word : {" from ", " at ", "customer", "support", "service", "team", "care", "help", "atencion",
                           "atención", "soporte", "cliente"}) {
    if (n.find(word) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// "Skylark Airways Customer Care" → "Skylark Airways"; without a name, the domain's main label.
std::string company_from_sender(const std::string& name, const std::string& address) {
  std::string c = text::trim_unicode(name);
  // "Maya from IronLeaf Fitness", "Ana at Meridia": a person writing for the company.
  for (const char* joiner : {" from ", " at "}) {
    const size_t at = c.find(joiner);
    if (at != std::string::npos && at > 0 && at + std::strlen(joiner) < c.size()) {
      c = c.substr(at + std::strlen(joiner));
      break;
    }
  }
  // "Atención al Cliente Luz Clara", "Customer Service Acme": the desk before the company.
  for (const char* prefix : {"Atención al Cliente ", "Atencion al Cliente ", "Servicio al Cliente ",
                             "Customer Service ", "Customer Care ", "Customer Support ", "Support "}) {
    const std::string p(prefix);
    if (c.size() > p.size() && text::to_lower_ascii(c.substr(0, p.size())) == text::to_lower_ascii(p)) {
      c = text::trim_unicode(c.substr(p.size()));
      break;
    }
  }
  for (const char* sep : {" - ", " | ", " – ", " — ", " · "}) {
    const size_t at = c.find(sep);
    if (at != std::string::npos && at > 0) {
      c = c.substr(0, at);
    }
  }
  bool trimmed = true;
  while (trimmed && !c.empty()) {
    trimmed = false;
    for (const char* suffix : {" Customer Care", " Customer Service", " Customer Support", " Customer Services",
                               " Support", " Support Team", " Team", " Care", " Help", " Helpdesk", " Notifications",
                               " Service", " Services", " Atencion al Cliente", " Atención al Cliente"}) {
      const std::string s(suffix);
      if (c.size() > s.size() && text::to_lower_ascii(c.substr(c.size() - s.size())) == text::to_lower_ascii(s)) {
        c = text::trim_unicode(c.substr(0, c.size() - s.size()));
        trimmed = true;
      }
    }
  }
  const std::string lowered = text::to_lower_ascii(c);
  if (!c.empty() && lowered != "noreply" && lowered != "no-reply" && lowered != "support") {
    return c;
  }
  const size_t at = address.rfind('@');
  if (at == std::string::npos) {
    return {};
  }
  std::string domain = text::to_lower_ascii(address.substr(at + 1));
  // The label before the public suffix: "em.skylarkair.example" → "skylarkair".
  std::vector<std::string> labels;
  size_t start = 0;
  while (start <= domain.size()) {
    const size_t dot = std::min(domain.find('.', start), domain.size());
    labels.push_back(domain.substr(start, dot - start));
    start = dot + 1;
  }
  while (labels.size() > 2 && (labels.back().size() <= 3 || labels.back() == "example")) {
    const std::string& prev = labels[labels.size() - 2];
    if (prev.size() > 3 || labels.size() == 2) {
      break;
    }
    labels.pop_back();
  }
  std::string main = labels.size() >= 2 ? labels[labels.size() - 2] : labels.front();
  if (main.empty()) {
    return {};
  }
  main[0] = static_cast<char>(main[0] >= 'a' && main[0] <= 'z' ? main[0] - 'a' + 'A' : main[0]);
  return main;
}

std::optional<model::Timestamp> date_of(GMimeMessage* message) {
  GDateTime* date = g_mime_message_get_date(message);
  if (!date) {
    return std::nullopt;
  }
  model::Timestamp t;
  t.date = timeutil::Date{g_date_time_get_year(date), g_date_time_get_month(date), g_date_time_get_day_of_month(date)};
  timeutil::TimeOfDay tod;
  tod.hour = g_date_time_get_hour(date);
  tod.minute = g_date_time_get_minute(date);
  tod.second = g_date_time_get_second(date);
  tod.has_seconds = true;
  t.time = tod;
  t.offset_minutes = static_cast<int>(g_date_time_get_utc_offset(date) / G_TIME_SPAN_MINUTE);
  return t;
}

// "<a@b> <c@d>" → {"a@b", "c@d"}; a bare id without brackets is taken whole.
std::vector<std::string> message_ids_in(std::string_view value) {
  std::vector<std::string> ids;
  size_t pos = 0;
  while (pos < value.size()) {
    const size_t open = value.find('<', pos);
    if (open == std::string_view::npos) {
      break;
    }
    const size_t close = value.find('>', open + 1);
    if (close == std::string_view::npos) {
      break;
    }
    std::string id = text::trim_unicode(value.substr(open + 1, close - open - 1));
    if (!id.empty() && id.size() < 1000 && id.find(' ') == std::string::npos) {
      ids.push_back(std::move(id));
    }
    pos = close + 1;
  }
  if (ids.empty()) {
    const std::string bare = text::trim_unicode(value);
    if (!bare.empty() && bare.size() < 1000 && bare.find(' ') == std::string::npos && bare.find('@') != std::string::npos) {
      ids.push_back(bare);
    }
  }
  return ids;
}

struct Mailbox {
  std::string name;
  std::string address;  // lowercased
};

std::vector<Mailbox> mailboxes(InternetAddressList* list) {
  std::vector<Mailbox> out;
  if (!list) {
    return out;
  }
  const int n = internet_address_list_length(list);
  for (int i = 0; i < n && i < 500; ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(a)) {
      auto inner = mailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)));
      out.insert(out.end(), inner.begin(), inner.end());
      continue;
    }
    Mailbox m;
    m.name = text::trim_unicode(safe(internet_address_get_name(a)));
    if (!text::is_valid_utf8(m.name)) {
      m.name = text::repair_utf8(m.name);
    }
    if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      m.address = text::to_lower_ascii(safe(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a))));
    }
    out.push_back(std::move(m));
  }
  return out;
}

// Headers a bank, a regulator or a court may ask about: who sent it, when, and the servers and
// signatures that vouch for it. Values unfolded, as written (encoded words left encoded).
bool is_evidence_header(std::string_view name) {
  for (const char* h : {"date", "from", "sender", "reply-to", "to", "cc", "subject", "message-id", "in-reply-to",
                        "references", "received", "dkim-signature", "arc-seal", "arc-message-signature",
                        "arc-authentication-results", "authentication-results", "received-spf", "return-path",
                        "delivered-to", "x-original-to", "list-id"}) {
    if (text::to_lower_ascii(name) == h) {
      return true;
    }
  }
  return false;
}

std::string unfolded(std::string_view value) {
  std::string out = text::collapse_spaces(value);
  return text::is_valid_utf8(out) ? out : text::repair_utf8(out);
}

model::EmailHeaders email_headers(GMimeMessage* message, const std::string& subject) {
  model::EmailHeaders h;
  GMimeObject* top = GMIME_OBJECT(message);
  h.message_id = safe(g_mime_message_get_message_id(message));
  if (auto ids = message_ids_in(safe(g_mime_object_get_header(top, "In-Reply-To"))); !ids.empty()) {
    h.in_reply_to = ids.back();
  }
  h.references = message_ids_in(safe(g_mime_object_get_header(top, "References")));
  if (h.references.size() > 200) {
    h.references.erase(h.references.begin(), h.references.end() - 200);
  }
  h.subject = subject;
  h.thread_subject = model::thread_subject(subject);
  for (auto type : {GMIME_ADDRESS_TYPE_FROM, GMIME_ADDRESS_TYPE_TO, GMIME_ADDRESS_TYPE_CC, GMIME_ADDRESS_TYPE_REPLY_TO}) {
    for (const auto& m : mailboxes(g_mime_message_get_addresses(message, type))) {
      if (m.address.empty()) {
        continue;
      }
      if (type == GMIME_ADDRESS_TYPE_FROM && h.from_address.empty()) {
        h.from_address = m.address;
      }
      if (std::find(h.addresses.begin(), h.addresses.end(), m.address) == h.addresses.end()) {
        h.addresses.push_back(m.address);
      }
    }
  }
  if (GDateTime* date = g_mime_message_get_date(message)) {
    h.date_utc = g_date_time_to_unix(date);
  }
  if (GMimeHeaderList* list = g_mime_object_get_header_list(top)) {
    const int n = g_mime_header_list_get_count(list);
    for (int i = 0; i < n && h.evidence.size() < 300; ++i) {
      GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
      const std::string name = safe(g_mime_header_get_name(header));
      if (is_evidence_header(name)) {
        std::string value = unfolded(safe(g_mime_header_get_raw_value(header)));
        if (value.size() > 16384) {
          value.resize(16384);
          value = text::repair_utf8(value);
        }
        h.evidence.emplace_back(name, std::move(value));
      }
    }
  }
  return h;
}

// Remote images one pixel wide: the sender learns when the email was opened. Noted, never fetched.
std::vector<model::Attachment> tracking_pixels(const std::string& html) {
  std::vector<model::Attachment> out;
  const std::string lowered = text::to_lower_ascii(html);
  size_t pos = 0;
  while ((pos = lowered.find("<img", pos)) != std::string::npos && out.size() < 20) {
    const size_t end = lowered.find('>', pos);
    if (end == std::string::npos) {
      break;
    }
    const std::string tag = lowered.substr(pos, end - pos);
    pos = end;
    auto attribute_is_one = [&](const char* name) {
      const size_t at = tag.find(name);
      if (at == std::string::npos) {
        return false;
      }
      std::string v = tag.substr(at + std::strlen(name));
      v.erase(std::remove(v.begin(), v.end(), '"'), v.end());
      v.erase(std::remove(v.begin(), v.end(), '\''), v.end());
      return v.starts_with("1 ") || v.starts_with("1/") || v.starts_with("1px") || v.starts_with("0 ") || v == "1" || v == "0";
    };
    const size_t src = tag.find("src=");
    if (src == std::string::npos || !(attribute_is_one("width=") && attribute_is_one("height="))) {
      continue;
    }
    std::string url = tag.substr(src + 4);
    if (!url.empty() && (url.front() == '"' || url.front() == '\'')) {
      const char quote = url.front();
      url = url.substr(1, url.find(quote, 1) == std::string::npos ? std::string::npos : url.find(quote, 1) - 1);
    } else {
      url = url.substr(0, url.find(' '));
    }
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
      continue;
    }
    const size_t host_start = url.find("//") + 2;
    const std::string host = url.substr(host_start, url.find_first_of("/?#", host_start) - host_start);
    model::Attachment a;
    a.file_name = sanitize_file_name(host, "image/gif");
    a.content_type = "image (remote)";
    a.evidence = false;
    a.note = "tracking pixel (a remote image; not fetched)";
    out.push_back(std::move(a));
  }
  return out;
}

// Which parts are evidence: files the sender attached are; logos the HTML shows inline and
// tracking pixels are noted only. A large inline image is a photo someone meant to send.
std::vector<model::Attachment> classify_parts(std::vector<PendingAttachment> parts, const std::string& html) {
  std::vector<model::Attachment> out;
  for (auto& p : parts) {
    model::Attachment& a = p.attachment;
    const bool image = a.content_type.starts_with("image/");
    const bool shown_inline = !p.content_id.empty() && html.find("cid:" + p.content_id) != std::string::npos;
    if (image && a.size <= 128) {
      a.evidence = false;
      a.note = "tracking pixel";
    } else if (image && shown_inline && a.size < 200 * 1024) {
      a.evidence = false;
      a.note = "inline image";
    }
    if (!a.evidence) {
      a.bytes.clear();
      a.bytes.shrink_to_fit();
    }
    out.push_back(std::move(a));
  }
  for (auto& pixel : tracking_pixels(html)) {
    out.push_back(std::move(pixel));
  }
  return out;
}

size_t message_count(const ParseOutput& out) {
  size_t n = 0;
  for (const auto& c : out.conversations) {
    n += c.message_count();
  }
  return n;
}

// Whether a chat parse of a body is a mailed transcript: messages from at least two speakers.
bool is_transcript(const ParseOutput& out) {
  size_t messages = 0;
  std::vector<std::string> speakers;
  for (const auto& c : out.conversations) {
    for (const auto& e : c.entries) {
      if (e.kind != model::EntryKind::message) {
        continue;
      }
      ++messages;
      if (std::find(speakers.begin(), speakers.end(), e.speaker) == speakers.end()) {
        speakers.push_back(e.speaker);
      }
    }
  }
  return messages >= 3 && speakers.size() >= 2;
}

// Domains of help-desk software that mails for many companies: the company is in the display
// name, the Reply-To, or the subdomain ("acme.zendesk.com").
constexpr std::array k_helpdesk_domains = {"zendesk.com", "freshdesk.com", "helpscout.net", "helpscoutapp.com",
                                           "intercom-mail.com", "intercom.io", "gorgias.com", "kustomer.com",
                                           "zohodesk.com", "happyfox.com", "frontapp.com", "helpshift.com",
                                           "desk.com", "salesforce.com", "hubspot.com", "gladly.com",
                                           "dixa.io", "reamaze.com", "livechatinc.com", "tawk.to"};

constexpr std::array k_personal_mail_domains = {"gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com",
                                                "live.com", "icloud.com", "me.com", "proton.me", "protonmail.com",
                                                "aol.com", "gmx.com", "gmx.de", "yandex.com", "mail.com"};

struct CompanySide {
  bool is_company = false;
  std::string company;  // empty: name it from the sender
  std::string reason;
};

bool domain_within(std::string_view domain, std::string_view parent) {
  return domain == parent || (domain.size() > parent.size() && domain.ends_with(parent) &&
                              domain[domain.size() - parent.size() - 1] == '.');
}

std::string capitalised(std::string word) {
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') {
    word[0] = static_cast<char>(word[0] - 'a' + 'A');
  }
  return word;
}

CompanySide company_side_of(const std::string& name, const std::string& address, const std::vector<Mailbox>& reply_to,
                            const model::ImportContext* context) {
  const size_t at = address.rfind('@');
  const std::string domain = at == std::string::npos ? std::string() : address.substr(at + 1);
  if (context && !domain.empty()) {
    for (const auto& [mapped, company] : context->company_domains) {
      if (domain_within(domain, text::to_lower_ascii(mapped))) {
        return {true, company, "writes from " + mapped + " (the config names it " + company + ")"};
      }
    }
  }
  for (const char* helpdesk : k_helpdesk_domains) {
    if (domain.empty() || !domain_within(domain, helpdesk)) {
      continue;
    }
    // The display name when it speaks for a company ("Acme Support", "Maya from Acme", "Mia (Acme)"),
    // not a bare agent's name ("Mia"): that one says nothing of the company, the subdomain does.
    std::string company;
    const size_t open = name.rfind('(');
    const size_t close = name.rfind(')');
    if (open != std::string::npos && close != std::string::npos && close > open + 1) {
      company = company_from_sender(name.substr(open + 1, close - open - 1), "");
    } else if (sender_is_company(name, "")) {
      company = company_from_sender(name, "");
    }
    if (company.empty()) {
      for (const auto& r : reply_to) {
        const size_t r_at = r.address.rfind('@');
        if (r_at != std::string::npos && !domain_within(r.address.substr(r_at + 1), helpdesk)) {
          company = company_from_sender(r.name, r.address);
          break;
        }
      }
    }
    if (company.empty() && domain.size() > std::strlen(helpdesk) + 1) {
      const std::string sub = domain.substr(0, domain.size() - std::strlen(helpdesk) - 1);
      const std::string label = sub.substr(sub.rfind('.') == std::string::npos ? 0 : sub.rfind('.') + 1);
      // "support.zendesk.com", "mail.freshdesk.com": the desk's own mail, no company's name.
      static constexpr std::array k_generic = {"support", "help", "helpdesk", "mail", "email", "reply", "noreply",
                                               "notifications", "service", "care", "desk", "tickets"};
      if (std::find(k_generic.begin(), k_generic.end(), label) == k_generic.end()) {
        company = capitalised(label);
      }
    }
    if (company.empty()) {
      company = company_from_sender(name, "");
    }
    return {true, company, std::string("writes through ") + helpdesk + ", a help desk"};
  }
  for (const char* personal : k_personal_mail_domains) {
    if (domain == personal) {
      return {};
    }
  }
  if (sender_is_company(name, address)) {
    return {true, "", "writes from the company's address"};
  }
  return {};
}

// How a sender is named in the conversation: the person who signed for the company ("Irene
// Campos" for "Atención al Cliente Luz Clara"), the person in "Owen from Tunely", else the name.
std::string speaker_name(const std::string& display, const std::string& address, const std::string& signature_name,
                         bool company_side) {
  if (company_side && !signature_name.empty()) {
    return signature_name;
  }
  for (const char* joiner : {" from ", " at ", " de ", " @ "}) {
    const size_t at = display.find(joiner);
    if (at != std::string::npos && at > 0 && company_side && std::string_view(joiner) != " de ") {
      return text::trim_unicode(display.substr(0, at));
    }
  }
  if (!display.empty()) {
    return display;
  }
  if (!signature_name.empty()) {
    return signature_name;
  }
  return address;
}

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Bytes of text a plain body shows, spaces left out.
size_t visible_text_size_plain(std::string_view plain) {
  return static_cast<size_t>(std::count_if(plain.begin(), plain.end(), [](char c) { return !is_space_byte(c); }));
}

// Bytes of text an HTML body shows, spaces left out, counted without parsing it: outside tags,
// comments and the insides of <head>, <script> and <style>; an entity counts as one. It errs on the
// side of counting more, never less, than a parser would show.
size_t visible_text_size(std::string_view html) {
  size_t count = 0;
  size_t pos = 0;
  auto starts_icase = [&](size_t at, std::string_view word) {
    if (at + word.size() > html.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(html[at + i])) != word[i]) return false;
    }
    return true;
  };
  while (pos < html.size()) {
    const char c = html[pos];
    const char next = pos + 1 < html.size() ? html[pos + 1] : ' ';
    // Only "<" before a letter, "/", "!" or "?" opens a tag; any other is text ("3 < 5").
    if (c == '<' && (std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!' || next == '?')) {
      if (html.compare(pos, 4, "<!--") == 0) {
        const size_t end = html.find("-->", pos + 4);
        pos = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      bool skipped = false;
      for (std::string_view element : {"head", "script", "style"}) {
        const size_t after = pos + 1 + element.size();
        if (starts_icase(pos + 1, element) && after < html.size() && (html[after] == '>' || is_space_byte(html[after]))) {
          const std::string closing = "</" + std::string(element);
          size_t end = pos;
          while ((end = html.find("</", end + 1)) != std::string_view::npos && !starts_icase(end, closing)) {
          }
          pos = end == std::string_view::npos ? html.size() : end;
          skipped = true;
          break;
        }
      }
      if (skipped) continue;
      const size_t end = html.find('>', pos + 1);
      if (end == std::string_view::npos) {
        count += html.size() - pos;  // a tag never closed: count it all, as text
        break;
      }
      pos = end + 1;
      continue;
    }
    if (c == '&') {
      const size_t semi = html.find(';', pos + 1);
      if (semi != std::string_view::npos && semi - pos <= 32) {
        ++count;
        pos = semi + 1;
        continue;
      }
    }
    if (!is_space_byte(c)) ++count;
    ++pos;
  }
  return count;
}

// Reads one parsed message into conversations; false (with an error) when there is nothing there.
bool read_message(GMimeMessage* message, const ParseInput& input, const LineIndex& lines, int first_line, int last_line, bool mbox,
                  ParseOutput& out, std::string& error) {
  MessageReader reader{input, lines, first_line, mbox, out.warnings};
  GMimeObject* top = GMIME_OBJECT(message);
  const std::string subject = safe(g_mime_message_get_subject(message));
  const std::string message_id = safe(g_mime_message_get_message_id(message));
  const std::string raw_date = safe(g_mime_object_get_header(top, "Date"));
  std::string from_name;
  std::string from_addr;
  if (InternetAddressList* from = g_mime_message_get_from(message); from && internet_address_list_length(from) > 0) {
    InternetAddress* a = internet_address_list_get_address(from, 0);
    from_name = text::trim_unicode(safe(internet_address_get_name(a)));
    if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      from_addr = safe(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)));
    }
  }
  if (!from_name.empty() && !text::is_valid_utf8(from_name)) {
    from_name = text::repair_utf8(from_name);
  }
  const std::string subject_utf8 = text::is_valid_utf8(subject) ? subject : text::repair_utf8(subject);

  Bodies bodies;
  reader.walk(g_mime_message_get_mime_part(message), bodies, 0);
  const bool has_headers = !from_addr.empty() || !subject.empty() || !message_id.empty() || !raw_date.empty();
  if (!has_headers && text::trim_unicode(bodies.plain).empty() && text::trim_unicode(bodies.html).empty()) {
    error = reader.where() + "not an email message (no From, Date, Subject or Message-ID header and no text)";
    return false;
  }
  std::optional<model::Timestamp> when = date_of(message);
  if (!when && !raw_date.empty()) {
    out.warnings.push_back(reader.where() + "unreadable Date header '" + raw_date + "'; the email has no time");
  }
  const model::ImportContext* context = input.context;
  const std::vector<Mailbox> reply_to = mailboxes(g_mime_message_get_reply_to(message));
  const CompanySide sender_side = company_side_of(from_name, text::to_lower_ascii(from_addr), reply_to, context);
  const std::string company = sender_side.company.empty() ? company_from_sender(from_name, from_addr) : sender_side.company;
  model::EmailHeaders headers = email_headers(message, subject_utf8);
  std::vector<model::Attachment> attachments = classify_parts(std::move(bodies.parts), bodies.html);
  bodies.parts.clear();

  // A mailed chat transcript: the better of the plain and HTML bodies' chat parses.
  std::optional<ParseOutput> chat;
  bool from_plain = false;
  if (!text::trim_unicode(bodies.plain).empty()) {
    if (auto parsed = parse_text_chat_text(bodies.plain, input); parsed.ok() && is_transcript(*parsed)) {
      chat = std::move(*parsed);
      from_plain = true;
    }
  }
  // The HTML can only parse better when it says more than the plain body: a transcript mailed as
  // multipart/alternative says the same in both, and reading HTML costs twice reading text.
  const bool html_may_say_more = !chat || visible_text_size(bodies.html) > visible_text_size_plain(bodies.plain);
  if (html_may_say_more && !text::trim_unicode(bodies.html).empty()) {
    ParseInput html_input{bodies.html, input.display_name, input.context};
    if (auto parsed = parse_html_chat(html_input); parsed.ok() && is_transcript(*parsed)) {
      if (!chat || message_count(*parsed) > message_count(*chat)) {
        chat = std::move(*parsed);
        from_plain = false;
      }
    }
  }
  // Lines of a plain body are the source's when it is one unencoded part; else the part's span.
  const bool one_plain = bodies.plain_parts == 1 && bodies.plain_first_line > 0;
  const bool identity = one_plain && bodies.plain_identity;
  const int body_line = bodies.plain_first_line;
  if (chat) {
    // The email's own words around the transcript (greeting, case and booking numbers, footer):
    // kept as an event, so its reference numbers are found but it is no one's chat message.
    std::string around;
    if (from_plain && chat->conversations.size() == 1) {
      const auto& entries = chat->conversations.front().entries;
      int first = 0;
      int last = 0;
      for (const auto& e : entries) {
        if (e.where.first_line > 0) {
          first = first == 0 ? e.where.first_line : std::min(first, e.where.first_line);
          last = std::max(last, e.where.last_line);
        }
      }
      if (first > 0) {
        const auto body_lines = text::split_lines(bodies.plain);
        std::string before;
        std::string after;
        for (size_t i = 0; i < body_lines.size(); ++i) {
          const int n = static_cast<int>(i) + 1;
          const std::string line = text::trim_unicode(body_lines[i]);
          if (line.empty() || (n >= first && n <= last)) {
            continue;
          }
          std::string& into = n < first ? before : after;
          into += (into.empty() ? "" : "\n") + line;
        }
        around = before;
        if (!after.empty()) {
          around += (around.empty() ? "" : "\n") + after;
        }
      }
    }
    if (!around.empty()) {
      model::Entry note;
      note.kind = model::EntryKind::event;
      note.text = around;
      note.where = {first_line, last_line};
      chat->conversations.front().entries.insert(chat->conversations.front().entries.begin(), std::move(note));
    }
    // Clock times without a zone: the zone of the email's Date, when the chat ended within a day
    // before the email was sent (the transcript is mailed as the chat ends) and no --tz is given.
    const bool tz_given = input.context && input.context->tz;
    if (when && when->offset_minutes && !tz_given) {
      for (auto& c : chat->conversations) {
        bool zoneless = true;
        int64_t latest = INT64_MIN;
        for (const auto& e : c.entries) {
          if (e.time.offset_minutes) {
            zoneless = false;
          }
          if (e.time.complete()) {
            latest = std::max(latest, e.time.wall_seconds());
          }
        }
        const int64_t sent = when->wall_seconds();
        // A Date in UTC over a Thai chat written in Bangkok time: Thailand's one zone, UTC+07:00,
        // when the chat then ends within the day before the email.
        std::optional<int> offset;
        if (zoneless && latest != INT64_MIN) {
          const int64_t sent_utc = sent - int64_t{*when->offset_minutes} * 60;
          auto fits = [&](int minutes) {
            const int64_t end_utc = latest - int64_t{minutes} * 60;
            return end_utc <= sent_utc + 300 && sent_utc - end_utc <= 86400;
          };
          if (fits(*when->offset_minutes)) {
            offset = when->offset_minutes;
          } else if (text::has_thai(bodies.plain.substr(0, 64 * 1024)) && fits(7 * 60)) {
            offset = 7 * 60;
          }
        }
        if (offset) {
          for (auto& e : c.entries) {
            if (e.time.complete()) {
              e.time.offset_minutes = offset;
            }
          }
          if (c.started && c.started->complete() && !c.started->offset_minutes) {
            c.started->offset_minutes = offset;
          }
        }
      }
    }
    // "name:3: …" counts lines of the body; say the source's line instead.
    const std::string prefix = input.display_name + ":";
    for (auto& w : chat->warnings) {
      if (w.rfind(prefix, 0) == 0) {
        const size_t end = w.find(':', prefix.size());
        const std::string number = end == std::string::npos ? "" : w.substr(prefix.size(), end - prefix.size());
        if (!number.empty() && number.size() < 9 &&
            std::all_of(number.begin(), number.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
          const int line = identity && from_plain ? body_line + std::stoi(number) - 1
                           : one_plain && from_plain ? bodies.plain_first_line
                                                     : first_line;
          w = prefix + std::to_string(line) + w.substr(end);
        }
      }
      out.warnings.push_back(std::move(w));
    }
    for (auto& c : chat->conversations) {
      c.channel = model::Channel::chat;
      c.format = "email-transcript";
      // A transcript forwarded by a person (perhaps the user) does not name the company.
      if (c.company.empty() && sender_side.is_company) {
        c.company = company;
      }
      if (c.title.empty()) {
        c.title = subject_utf8;
      }
      if (!message_id.empty()) {
        c.external_ids.emplace_back("message_id", message_id);
      }
      for (auto& e : c.entries) {
        if (identity && from_plain && e.where.first_line > 0) {
          e.where.first_line = body_line + e.where.first_line - 1;
          e.where.last_line = std::max(e.where.first_line, body_line + e.where.last_line - 1);
        } else if (one_plain && from_plain) {
          e.where = {bodies.plain_first_line, bodies.plain_last_line};
        } else {
          e.where = {first_line, last_line};
        }
      }
      c.where.first_line = first_line;
      c.where.last_line = last_line;
      c.email = headers;
      out.conversations.push_back(std::move(c));
    }
    // One email, one set of attachments: they go with its first conversation.
    if (!chat->conversations.empty() && !out.conversations.empty()) {
      out.conversations.back().attachments = std::move(attachments);
    }
    return true;
  }

  model::Conversation c;
  c.channel = model::Channel::email;
  c.format = "email";
  c.title = subject_utf8;
  if (!message_id.empty()) {
    c.external_ids.emplace_back("message_id", message_id);
  }
  std::string body = text::trim_unicode(bodies.plain);
  bool body_is_plain = !body.empty();
  if (body.empty() && !bodies.html.empty()) {
    if (html_too_deep(bodies.html)) {
      out.warnings.push_back(reader.where() + "the HTML body is nested too deeply to read its structure; its text read without its tags");
    }
    body = visible_text_of_html(bodies.html);
  }
  SplitOptions split;
  const bool tz_given = context && context->tz;
  if (when && when->offset_minutes && !tz_given) {
    split.zone_hint_minutes = when->offset_minutes;
  }
  // Nothing quoted is newer than the quoting email (settles "03/04/2026"); the sender's bare name
  // on its last lines is its signature; --date-order says how numeric dates are written.
  if (when && when->date) {
    split.email_date = when->date;
  }
  split.author_name = from_name;
  if (context) {
    split.date_order = context->date_order;
  }
  std::vector<QuotedMessage> parts = split_quoted_history(body, split);
  if (parts.empty()) {
    parts.push_back(QuotedMessage{});
  }
  // The company's side: the sender's, or any quoted author's, by address, name or config.
  std::vector<std::string> company_domains;
  if (sender_side.is_company && from_addr.find('@') != std::string::npos) {
    company_domains.push_back(text::to_lower_ascii(from_addr.substr(from_addr.rfind('@') + 1)));
  }
  std::string thread_company = sender_side.is_company ? company : std::string();
  std::vector<CompanySide> sides;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i == 0) {
      sides.push_back(sender_side);
      continue;
    }
    CompanySide side = company_side_of(parts[i].author_name, text::to_lower_ascii(parts[i].author_address), {}, context);
    const std::string address = text::to_lower_ascii(parts[i].author_address);
    const std::string domain = address.find('@') == std::string::npos ? "" : address.substr(address.rfind('@') + 1);
    if (!side.is_company && !domain.empty() &&
        std::find(company_domains.begin(), company_domains.end(), domain) != company_domains.end()) {
      side = {true, thread_company, "writes from the company's domain"};
    }
    if (side.is_company) {
      if (thread_company.empty()) {
        thread_company = side.company.empty() ? company_from_sender(parts[i].author_name, address) : side.company;
      }
      if (!domain.empty()) {
        company_domains.push_back(domain);
      }
    }
    sides.push_back(side);
  }
  // A person writing to a company's desk: the recipient names the company.
  if (thread_company.empty() && !sender_side.is_company) {
    for (const auto& m : mailboxes(g_mime_message_get_addresses(message, GMIME_ADDRESS_TYPE_TO))) {
      const CompanySide side = company_side_of(m.name, m.address, {}, context);
      if (side.is_company) {
        thread_company = side.company.empty() ? company_from_sender(m.name, m.address) : side.company;
        break;
      }
    }
  }
  c.company = thread_company;
  const bool any_company = std::any_of(sides.begin(), sides.end(), [](const CompanySide& side) { return side.is_company; }) ||
                           !thread_company.empty();
  // Lines of the body are the source's only for one unencoded plain part.
  const bool identity_lines = body_is_plain && bodies.plain_parts == 1 && bodies.plain_identity && bodies.plain_first_line > 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    QuotedMessage& q = parts[i];
    const bool own = i == 0;
    model::Entry e;
    const std::string display = own ? from_name : text::trim_unicode(q.author_name);
    const std::string address = text::to_lower_ascii(own ? from_addr : q.author_address);
    e.speaker = speaker_name(display, address, q.signature_name, sides[i].is_company);
    e.address = address;
    e.text = q.text;
    e.signature_at = q.signature_at;
    if (own) {
      e.message_id = message_id;
      if (when) {
        e.time = *when;
      }
    } else {
      e.quoted = true;
      if (q.time) {
        e.time = *q.time;
      }
    }
    if (identity_lines && q.first_line > 0) {
      e.where = {bodies.plain_first_line + q.first_line - 1,
                 std::max(bodies.plain_first_line + q.first_line - 1, bodies.plain_first_line + q.last_line - 1)};
    } else if (body_is_plain && bodies.plain_first_line > 0) {
      e.where = {bodies.plain_first_line, std::max(bodies.plain_first_line, bodies.plain_last_line)};
    } else {
      e.where = {first_line, last_line};
    }
    if (e.speaker.empty()) {
      e.speaker = own ? "(no sender)" : "(unnamed)";
    }
    model::Participant& p = c.participant(e.speaker);
    if (p.role == model::Role::unknown) {
      if (sides[i].is_company) {
        p.role = model::Role::agent;
        p.role_reason = sides[i].reason;
      } else if (any_company) {
        p.role = model::Role::customer;
        p.role_reason = "writes to the company";
      }
    }
    if (e.text.empty() && !own) {
      continue;  // an attribution line over nothing
    }
    c.entries.push_back(std::move(e));
  }
  // Oldest first, as the exchange happened; the quoted history comes newest first.
  std::reverse(c.entries.begin(), c.entries.end());
  c.where = {first_line, last_line};
  c.email = std::move(headers);
  c.attachments = std::move(attachments);
  out.conversations.push_back(std::move(c));
  return true;
}

// One message's bytes (without an mbox separator line) through GMime; `first_line` is where the
// message (its separator, in an mbox) starts in the source, `line_offset` the lines before `bytes`.
void parse_one_message(std::string_view bytes, const ParseInput& input, int line_offset, int first_line, bool mbox,
                       ParseOutput& out, std::string& last_error) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  g_mime_parser_set_persist_stream(parser.get(), TRUE);
  const LineIndex lines(bytes, line_offset);
  const int total_lines = lines.line_of(static_cast<int64_t>(bytes.size()));
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message) {
    last_error = input.display_name + ":" + std::to_string(first_line) + ": not an email message (no header block)";
    if (mbox) {
      out.warnings.push_back(last_error);
    }
    return;
  }
  if (bytes.find("\n\n") == std::string_view::npos && bytes.find("\n\r\n") == std::string_view::npos) {
    out.warnings.push_back(input.display_name + ":" + std::to_string(first_line) +
                           ": the message ends inside its headers (cut short?); kept with what is there");
  }
  const int64_t after = g_mime_parser_tell(parser.get());
  const int last_line = std::max(first_line, lines.line_of(std::max<int64_t>(after - 1, 0)));
  std::string error;
  if (!read_message(message.get(), input, lines, first_line, std::min(last_line, total_lines), mbox, out, error)) {
    last_error = error;
    if (mbox) {
      out.warnings.push_back(error);
    }
  }
}

Result<ParseOutput> parse_email(const ParseInput& input, bool mbox) {
  init_gmime();
  const std::string_view bytes = input.bytes;
  if (text::trim(bytes).empty()) {
    return make_error(input.display_name + ":1: the file is empty");
  }
  if (bytes.size() > (1u << 30)) {
    return make_error(input.display_name + ":1: the file is too large to read as email");
  }
  const size_t bom = skip_bom(bytes);
  ParseOutput out;
  std::string last_error;
  if (!mbox) {
    parse_one_message(bytes.substr(bom), input, input.line_offset, 1 + input.line_offset, false, out, last_error);
  } else {
    // Messages split where the mbox reader splits them (a postmark "From " line after an empty
    // line), not wherever GMime's mbox mode sees "From " at a line's start: an unescaped "From the
    // desk of …" in a body is the body's, not a message of its own.
    const std::string_view text = bytes.substr(bom);
    std::vector<std::pair<size_t, int>> starts;  // (offset of a separator line, its 0-based line)
    size_t pos = 0;
    int line = 0;
    std::string_view previous;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      end = end == std::string_view::npos ? text.size() : end + 1;
      const std::string_view current = text.substr(pos, end - pos);
      if (pos == 0 ? current.starts_with("From ") : is_mbox_separator(current, previous, false)) {
        starts.emplace_back(pos, line);
      }
      previous = current;
      pos = end;
      ++line;
    }
    for (size_t i = 0; i < starts.size(); ++i) {
      const size_t from = starts[i].first;
      const size_t to = i + 1 < starts.size() ? starts[i + 1].first : text.size();
      const std::string_view chunk = text.substr(from, to - from);
      const size_t eol = chunk.find('\n');
      const std::string_view message = eol == std::string_view::npos ? std::string_view() : chunk.substr(eol + 1);
      const int separator_line = input.line_offset + starts[i].second + 1;
      if (text::trim(message).empty()) {
        last_error = input.display_name + ":" + std::to_string(separator_line) + ": an mbox separator with no message after it";
        out.warnings.push_back(last_error);
        continue;
      }
      parse_one_message(message, input, separator_line, separator_line, true, out, last_error);
    }
    if (starts.empty()) {
      last_error = input.display_name + ":" + std::to_string(1 + input.line_offset) +
                   ": not an mbox (no 'From ' line starting a message)";
    }
  }
  if (out.conversations.empty()) {
    // Only the warnings' last error: it is the reason.
    if (mbox && !out.warnings.empty() && out.warnings.back() == last_error) {
      out.warnings.pop_back();
    }
    return make_error(last_error.empty() ? input.display_name + ":1: no email message found" : last_error);
  }
  return out;
}

}  // namespace

int detect_eml(std::string_view bytes) {
  const size_t pos = skip_bom(bytes);
  const int core = header_block_score(bytes.substr(0, 256 * 1024), pos);
  if (core == 0) {
    return 0;
  }
  return core >= 3 ? 85 : 70;
}

int detect_mbox(std::string_view bytes) {
  const size_t pos = skip_bom(bytes);
  const std::string_view head = bytes.substr(pos, 256 * 1024);
  if (!head.starts_with("From ")) {
    return 0;
  }
  const size_t eol = head.find('\n');
  if (eol == std::string_view::npos) {
    return 0;
  }
  return header_block_score(head, eol + 1) >= 2 ? 90 : 0;
}

Result<ParseOutput> parse_eml(const ParseInput& input) {
  // An mbox given as --format eml still reads: its first message.
  const size_t bom = skip_bom(input.bytes);
  if (input.bytes.substr(bom).starts_with("From ")) {
    return parse_email(input, true);
  }
  return parse_email(input, false);
}

Result<ParseOutput> parse_mbox(const ParseInput& input) {
  const size_t bom = skip_bom(input.bytes);
  if (!input.bytes.substr(bom).starts_with("From ")) {
    return make_error(input.display_name + ":1: not an mbox (it does not start with a 'From ' line)");
  }
  return parse_email(input, true);
}

}  // namespace inwriting::importers
