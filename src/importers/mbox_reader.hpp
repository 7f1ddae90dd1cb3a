#pragma once
// Reads an mbox one message at a time from a file descriptor, so a mailbox of many gigabytes never
// has to fit in memory. Splitting only: the bytes of each message are left exactly as written
// (">From " escapes included) for the email parser.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "inwriting/util/result.hpp"

namespace inwriting::importers {

struct MboxMessage {
  // From the "From " separator line through the byte before the next one: concatenating every
  // message gives the file back byte for byte. The first message also holds a UTF-8 BOM that
  // precedes its separator, so there `offset` is 0 and the separator starts at byte 3.
  std::string bytes;
  int64_t offset = 0;  // of bytes[0] in the file
  int first_line = 0;  // 1-based: the separator line
  int last_line = 0;
};

// Whether `line` starts a message: "From " and an mbox postmark (a sender and a date with a
// 4-digit year), at the start of the file or after an empty line. Either line may still carry its
// "\r\n" or "\n"; `at_start` also allows a UTF-8 BOM before "From ".
bool is_mbox_separator(std::string_view line, std::string_view previous_line, bool at_start);

class MboxReader {
public:
  static constexpr size_t kDefaultChunkSize = size_t{1} << 20;
  static constexpr size_t kDefaultMaxMessageBytes = size_t{256} << 20;

  // `fd` stays open and owned by the caller. Memory held: one message plus one chunk.
  explicit MboxReader(int fd, std::string display_name);

  // The next message; nullopt at the end (and on every call after it). An error ("name:LINE:
  // what") for a read error, after which the reader is at its end; for a message over the size
  // limit or a file that does not start with a separator, after which the next call goes on from
  // the next separator.
  Result<std::optional<MboxMessage>> next();

  void set_max_message_bytes(size_t n) { m_max_message_bytes = n; }
  // For tests of separators that straddle two reads; takes effect at the next read.
  void set_chunk_size(size_t n) { m_chunk_size = n > 0 ? n : 1; }

private:
  using Next = Result<std::optional<MboxMessage>>;

  std::optional<Next> end_line(std::string_view head, size_t length, bool carried, size_t begin,
                               size_t after, bool newline);
  std::optional<Next> carry_chunk();
  std::optional<Next> read_chunk();
  Next finish();
  std::optional<Next> emit(size_t carried_prefix, size_t buffer_end);
  Error error_at(int line, const std::string& what) const;

  int m_fd;
  std::string m_name;
  size_t m_chunk_size = kDefaultChunkSize;
  size_t m_max_message_bytes = kDefaultMaxMessageBytes;

  // The chunk read last: [0, m_chunk_len). Bytes before m_mark are already in m_message (or
  // dropped, while skipping); the current line starts at m_line_begin.
  std::unique_ptr<char[]> m_chunk;
  size_t m_chunk_capacity = 0;
  size_t m_chunk_len = 0;
  size_t m_pos = 0;
  size_t m_mark = 0;
  size_t m_line_begin = 0;
  bool m_eof = false;
  bool m_failed = false;

  // A line begun in an earlier chunk: its length so far and its first bytes (enough to tell a
  // separator), which are also the tail of m_message unless skipping.
  size_t m_carried = 0;
  std::string m_carried_head;

  std::string m_message;
  bool m_in_message = false;  // false before the first separator
  bool m_skipping = false;    // dropping bytes up to the next separator
  int64_t m_message_offset = 0;
  int m_message_line = 0;

  int64_t m_line_offset = 0;  // of the current line in the file
  int m_line = 1;             // of the current line
  bool m_at_start = true;
  bool m_previous_empty = false;
};

}  // namespace inwriting::importers
