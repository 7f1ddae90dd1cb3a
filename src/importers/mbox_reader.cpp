// Splitting an mbox on its separator lines while reading it in chunks. A separator may straddle two
// chunks, so a line begun in one chunk keeps its first bytes aside until its end is seen.
#include "importers/mbox_reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace inwriting::importers {

namespace {

// Postmarks are well under 100 bytes; a longer "From " line is text, whatever follows.
constexpr size_t kMaxSeparatorLine = 1000;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

using Next = Result<std::optional<MboxMessage>>;

Next no_message() { return std::optional<MboxMessage>{}; }

std::string_view without_newline(std::string_view line) {
  if (line.ends_with('\n')) {
    line.remove_suffix(1);
  }
  if (line.ends_with('\r')) {
    line.remove_suffix(1);
  }
  return line;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

// "Tue", "Tues", "Tuesday", any case: at least three letters of one of the names.
template <size_t N> bool is_name(std::string_view token, const std::string_view (&names)[N]) {
  if (token.size() < 3) {
    return false;
  }
  for (std::string_view name : names) {
    if (token.size() <= name.size() &&
        std::equal(token.begin(), token.end(), name.begin(), [](char a, char b) { return lower(a) == b; })) {
      return true;
    }
  }
  return false;
}

constexpr std::string_view kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                        "july",    "august",   "september", "october", "november", "december"};
constexpr std::string_view kWeekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                          "friday", "saturday", "sunday"};

// 9:00, 16:41:23, 16:41:23.5
bool is_time(std::string_view t) {
  const size_t colon = t.find(':');
  if (colon == 0 || colon > 2 || !all_digits(t.substr(0, colon))) {
    return false;
  }
  t.remove_prefix(colon + 1);
  if (t.size() < 2 || !all_digits(t.substr(0, 2))) {
    return false;
  }
  t.remove_prefix(2);
  if (t.starts_with(':')) {
    if (t.size() < 3 || !all_digits(t.substr(1, 2))) {
      return false;
    }
    t.remove_prefix(3);
  }
  return t.empty() || (t[0] == '.' && all_digits(t.substr(1)));
}

// +0000, -05:00, UTC, EST, CEST, (UTC)
bool is_zone(std::string_view t) {
  if (t.size() >= 3 && t.front() == '(' && t.back() == ')') {
    t = t.substr(1, t.size() - 2);
  }
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
    t.remove_prefix(1);
    return (t.size() == 4 && all_digits(t)) || (t.size() == 5 && t[2] == ':' && all_digits(t.substr(0, 2)) &&
                                                 all_digits(t.substr(3)));
  }
  return !t.empty() && t.size() <= 5 && std::all_of(t.begin(), t.end(), is_upper);
}

// 2026-03-24, 2026-03-24T16:41:23Z
bool is_iso_date(std::string_view t) {
  if (t.size() < 10 || !all_digits(t.substr(0, 4)) || t[4] != '-' || !all_digits(t.substr(5, 2)) || t[7] != '-' ||
      !all_digits(t.substr(8, 2))) {
    return false;
  }
  t.remove_prefix(10);
  if (t.empty()) {
    return true;
  }
  return t[0] == 'T' && std::all_of(t.begin() + 1, t.end(), [](char c) {
           return is_digit(c) || c == ':' || c == '.' || c == '+' || c == '-' || c == 'Z';
         });
}

// "From SENDER DATE": every word of DATE must be a date word (weekday, month, day, year, time,
// zone), and it must name a month and a 4-digit year. That keeps prose such as "From here on, we…"
// or "From 2024 onwards" in the body, while ctime, RFC 5322 and ISO dates all pass.
bool looks_like_postmark(std::string_view line) {
  if (line.ends_with('\r')) {
    line.remove_suffix(1);
  }
  if (!line.starts_with("From ")) {
    return false;
  }
  std::string_view rest = line.substr(5);
  size_t i = 0;
  while (i < rest.size() && is_blank(rest[i])) {
    ++i;
  }
  if (i == rest.size()) {
    return false;
  }
  if (rest[i] == '"') {  // a quoted local part may hold spaces
    const size_t close = rest.find('"', i + 1);
    if (close == std::string_view::npos) {
      return false;
    }
    i = close + 1;
  }
  while (i < rest.size() && !is_blank(rest[i])) {
    ++i;
  }
  rest.remove_prefix(i);

  bool year = false;
  bool month = false;
  int words = 0;
  while (true) {
    size_t start = 0;
    while (start < rest.size() && is_blank(rest[start])) {
      ++start;
    }
    if (start == rest.size()) {
      break;
    }
    size_t end = start;
    while (end < rest.size() && !is_blank(rest[end])) {
      ++end;
    }
    std::string_view word = rest.substr(start, end - start);
    rest.remove_prefix(end);
    if (word == "remote" && year && month) {
      break;  // UUCP: "... 2026 remote from host"
    }
    if (word.ends_with(',')) {
      word.remove_suffix(1);
    }
    if (++words > 10 || word.empty()) {
      return false;
    }
    if (word.size() == 4 && all_digits(word)) {
      year = true;
    } else if (is_iso_date(word)) {
      year = month = true;
    } else if (is_name(word, kMonths)) {
      month = true;
    } else if (!(is_name(word, kWeekdays) || (word.size() <= 2 && all_digits(word)) || is_time(word) ||
                 is_zone(word))) {
      return false;
    }
  }
  return year && month;
}

std::string describe_size(size_t n) {
  constexpr size_t kMiB = size_t{1} << 20;
  return n % kMiB == 0 && n > 0 ? std::to_string(n / kMiB) + " MiB" : std::to_string(n) + " bytes";
}

}  // namespace

bool is_mbox_separator(std::string_view line, std::string_view previous_line, bool at_start) {
  if (!at_start && !without_newline(previous_line).empty()) {
    return false;
  }
  line = without_newline(line);
  if (at_start && line.starts_with(kBom)) {
    line.remove_prefix(kBom.size());
  }
  return line.size() <= kMaxSeparatorLine && looks_like_postmark(line);
}

MboxReader::MboxReader(int fd, std::string display_name) : m_fd(fd), m_name(std::move(display_name)) {}

Error MboxReader::error_at(int line, const std::string& what) const {
  return make_error(m_name + ":" + std::to_string(line) + ": " + what);
}

Next MboxReader::next() {
  while (true) {
    if (m_pos == m_chunk_len) {
      if (m_eof || m_failed) {
        return finish();
      }
      if (auto out = carry_chunk()) {
        return std::move(*out);
      }
      if (auto out = read_chunk()) {
        return std::move(*out);
      }
      continue;
    }
    const char* data = m_chunk.get();
    const void* newline = std::memchr(data + m_pos, '\n', m_chunk_len - m_pos);
    if (newline == nullptr) {
      m_pos = m_chunk_len;
      continue;
    }
    const size_t end = static_cast<size_t>(static_cast<const char*>(newline) - data);
    m_pos = end + 1;
    std::optional<Next> out;
    if (m_carried == 0) {
      const size_t length = end - m_line_begin;
      out = end_line({data + m_line_begin, std::min(length, kMaxSeparatorLine + 1)}, length, false, m_line_begin,
                     m_pos, true);
    } else {
      std::string head = m_carried_head;
      head.append(data, std::min(end, kMaxSeparatorLine + 1 - head.size()));
      out = end_line(head, m_carried + end, true, 0, m_pos, true);
    }
    if (out) {
      return std::move(*out);
    }
  }
}

// `head`: the line's first bytes (all of it when it is short enough to be a separator), without
// its "\n"; `begin`/`after`: where it starts and where the next line starts in the chunk.
std::optional<Next> MboxReader::end_line(std::string_view head, size_t length, bool carried, size_t begin,
                                         size_t after, bool newline) {
  bool separator = false;
  if ((m_at_start || m_previous_empty) && length <= kMaxSeparatorLine) {
    std::string_view line = head;
    if (m_at_start && line.starts_with(kBom)) {
      line.remove_prefix(kBom.size());
    }
    separator = looks_like_postmark(line);
  }
  std::optional<Next> out;
  if (separator) {
    out = emit(carried ? m_carried : 0, begin);
    // A separator begun in the previous chunk: its first bytes were set aside, the rest is unread.
    m_message.assign(carried ? head.substr(0, m_carried) : std::string_view());
    m_mark = carried ? 0 : begin;
    m_in_message = true;
    m_message_offset = m_line_offset;
    m_message_line = m_line;
  } else if (m_at_start) {
    out = Next(error_at(1, "not an mbox (it does not start with a 'From ' line)"));
  }
  m_previous_empty = length == 0 || (length == 1 && head[0] == '\r');
  m_at_start = false;
  ++m_line;
  m_line_offset += static_cast<int64_t>(length + (newline ? 1 : 0));
  m_carried = 0;
  m_carried_head.clear();
  m_line_begin = after;
  return out;
}

// Ends the message being read before the separator line at `buffer_end` in the chunk, or whose
// first `carried_prefix` bytes are already at the end of m_message.
std::optional<Next> MboxReader::emit(size_t carried_prefix, size_t buffer_end) {
  if (!m_in_message) {
    return std::nullopt;
  }
  if (carried_prefix > 0) {
    m_message.resize(m_message.size() - carried_prefix);
  } else if (buffer_end > m_mark) {
    m_message.append(m_chunk.get() + m_mark, buffer_end - m_mark);
  }
  m_in_message = false;
  if (m_message.size() > m_max_message_bytes) {
    m_message = std::string();
    return Next(error_at(m_message_line, "the message is larger than " + describe_size(m_max_message_bytes) +
                                             "; skipped"));
  }
  MboxMessage message{std::move(m_message), m_message_offset, m_message_line, m_line - 1};
  m_message = std::string();
  return Next(std::optional<MboxMessage>(std::move(message)));
}

// The chunk is scanned: its bytes join the message, and an unfinished line is set aside in part.
std::optional<Next> MboxReader::carry_chunk() {
  const char* data = m_chunk.get();
  const size_t tail = m_chunk_len - m_line_begin;
  if (tail > 0 && m_carried_head.size() <= kMaxSeparatorLine) {
    m_carried_head.append(data + m_line_begin, std::min(tail, kMaxSeparatorLine + 1 - m_carried_head.size()));
  }
  m_carried += tail;
  std::optional<Next> out;
  const size_t add = m_chunk_len - m_mark;
  if (m_in_message && add > 0) {
    // An unfinished short line may be the next separator, so only the bytes before it count yet;
    // emit() checks the exact size. Giving up here keeps a huge message from filling memory.
    const size_t surely_ours = m_message.size() + add - (m_carried <= kMaxSeparatorLine ? m_carried : 0);
    if (surely_ours > m_max_message_bytes) {
      out = Next(error_at(m_message_line, "the message is larger than " + describe_size(m_max_message_bytes) +
                                              "; skipped to the next 'From ' line"));
      m_in_message = false;
      m_message = std::string();
    } else {
      m_message.append(data + m_mark, add);
    }
  }
  // Calling again (after returning `out`) must add nothing.
  m_mark = m_line_begin = m_chunk_len;
  return out;
}

std::optional<Next> MboxReader::read_chunk() {
  if (m_chunk_capacity != m_chunk_size) {
    m_chunk = std::make_unique<char[]>(m_chunk_size);
    m_chunk_capacity = m_chunk_size;
  }
  ssize_t n = 0;
  do {
    n = ::read(m_fd, m_chunk.get(), m_chunk_capacity);
  } while (n < 0 && errno == EINTR);
  const int read_errno = errno;
  m_pos = m_mark = m_line_begin = 0;
  if (n < 0) {
    m_chunk_len = 0;
    m_failed = true;
    m_message = std::string();
    return Next(error_at(m_line, std::string("could not read: ") + std::strerror(read_errno)));
  }
  m_chunk_len = static_cast<size_t>(n);
  m_eof = n == 0;
  return std::nullopt;
}

Next MboxReader::finish() {
  if (m_failed) {
    return no_message();
  }
  if (m_carried > 0) {  // a last line without a newline
    const std::string head = std::move(m_carried_head);
    if (auto out = end_line(head, m_carried, true, 0, 0, false)) {
      return std::move(*out);
    }
  }
  if (auto out = emit(0, 0)) {
    return std::move(*out);
  }
  return no_message();
}

}  // namespace inwriting::importers
