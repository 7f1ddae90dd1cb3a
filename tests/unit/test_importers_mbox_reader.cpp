// The streaming mbox reader: where messages split, and that the pieces are the file byte for byte
// whatever the size of the reads.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "importers/mbox_reader.hpp"

using inwriting::importers::is_mbox_separator;
using inwriting::importers::MboxMessage;
using inwriting::importers::MboxReader;

namespace {

const std::string kPostmark = "From ana@example.org Tue Mar 24 16:41:23 2026";

struct ReadAll {
  std::vector<MboxMessage> messages;
  std::vector<std::string> errors;
};

// `bytes` in a temporary file, already unlinked: the descriptor is all that is left of it.
class TempFile {
public:
  explicit TempFile(const std::string& bytes) {
    std::string pattern = (std::filesystem::temp_directory_path() / "inwriting-mbox-XXXXXX").string();
    m_fd = mkstemp(pattern.data());
    REQUIRE(m_fd >= 0);
    ::unlink(pattern.c_str());
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(m_fd, bytes.data() + done, bytes.size() - done);
      REQUIRE(n > 0);
      done += static_cast<size_t>(n);
    }
    REQUIRE(::lseek(m_fd, 0, SEEK_SET) == 0);
  }
  ~TempFile() { ::close(m_fd); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  int fd() const { return m_fd; }

private:
  int m_fd = -1;
};

ReadAll read_fd(int fd, size_t chunk = MboxReader::kDefaultChunkSize,
                size_t max_bytes = MboxReader::kDefaultMaxMessageBytes) {
  MboxReader reader(fd, "inbox.mbox");
  reader.set_chunk_size(chunk);
  reader.set_max_message_bytes(max_bytes);
  ReadAll out;
  while (true) {
    auto next = reader.next();
    if (!next) {
      out.errors.push_back(next.error());
      REQUIRE(out.errors.size() < 100);
      continue;
    }
    if (!*next) {
      break;
    }
    out.messages.push_back(std::move(**next));
  }
  auto after_end = reader.next();
  CHECK((after_end.ok() && !after_end.value().has_value()));
  return out;
}

ReadAll read_bytes(const std::string& bytes, size_t chunk = MboxReader::kDefaultChunkSize,
                   size_t max_bytes = MboxReader::kDefaultMaxMessageBytes) {
  TempFile file(bytes);
  return read_fd(file.fd(), chunk, max_bytes);
}

size_t count_newlines(std::string_view s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

// The messages are the file: in order, nothing lost or repeated, with offsets and lines that match.
void check_reconstructs(const std::string& bytes, const ReadAll& r) {
  std::string joined;
  int line = 1;
  for (const MboxMessage& m : r.messages) {
    CHECK(m.offset == static_cast<int64_t>(joined.size()));
    CHECK(m.first_line == line);
    const int lines = static_cast<int>(count_newlines(m.bytes)) + (m.bytes.ends_with('\n') ? 0 : 1);
    CHECK(m.last_line == m.first_line + lines - 1);
    line += static_cast<int>(count_newlines(m.bytes));
    joined += m.bytes;
  }
  CHECK(joined.size() == bytes.size());
  CHECK(joined == bytes);
}

// Reads `bytes` with every chunk size up to `largest` and checks each split equals the 1 MiB one.
void check_every_chunk_size(const std::string& bytes, size_t largest) {
  const ReadAll expected = read_bytes(bytes);
  check_reconstructs(bytes, expected);
  for (size_t chunk = 1; chunk <= largest; ++chunk) {
    CAPTURE(chunk);
    const ReadAll r = read_bytes(bytes, chunk);
    REQUIRE(r.messages.size() == expected.messages.size());
    CHECK(r.errors == expected.errors);
    for (size_t i = 0; i < r.messages.size(); ++i) {
      CHECK(r.messages[i].bytes == expected.messages[i].bytes);
      CHECK(r.messages[i].first_line == expected.messages[i].first_line);
      CHECK(r.messages[i].last_line == expected.messages[i].last_line);
    }
    check_reconstructs(bytes, r);
  }
}

std::string message(const std::string& subject, const std::string& body, const std::string& eol = "\n") {
  return kPostmark + eol + "From: Ana <ana@example.org>" + eol + "Subject: " + subject + eol + eol + body + eol +
         eol;
}

}  // namespace

TEST_SUITE("importers::mbox_reader") {
  TEST_CASE("is_mbox_separator: postmarks in the shapes mail programs write") {
    for (const char* line : {
             "From sender@example.com Tue Mar 24 16:41:23 2026",
             "From - Tue Mar 24 16:41:23 2026",              // Thunderbird
             "From MAILER-DAEMON Mon Jan  5 09:00:00 2026",  // ctime pads the day
             "From sender@example.com Tue Mar 24 16:41:23 2026 +0000",
             "From sender@example.com Tue Mar 24 16:41:23 +0000 2026",
             "From sender@example.com Tue Mar 24 16:41:23 EST 2026",
             "From sender@example.com Tue, 24 Mar 2026 16:41:23 +0000 (UTC)",
             "From sender@example.com Mar 24 2026",
             "From sender@example.com 2026-03-24",
             "From sender@example.com 2026-03-24T16:41:23Z",
             "From \"ana ruiz\"@example.com Tue Mar 24 16:41:23 2026",
             "From uucp Tue Mar 24 16:41:23 2026 remote from gateway",
             "From sender@example.com Tue Mar 24 16:41:23 2026\n",
             "From sender@example.com Tue Mar 24 16:41:23 2026\r\n",
         }) {
      CAPTURE(line);
      CHECK(is_mbox_separator(line, "", false));
      CHECK(is_mbox_separator(line, "\n", false));
      CHECK(is_mbox_separator(line, "\r\n", false));
      CHECK(is_mbox_separator(line, "\r", false));
      CHECK(is_mbox_separator(line, "a line of text", true));
      CHECK_FALSE(is_mbox_separator(line, "a line of text", false));
    }
    CHECK(is_mbox_separator("\xEF\xBB\xBF" + kPostmark, "", true));
    CHECK_FALSE(is_mbox_separator("\xEF\xBB\xBF" + kPostmark, "", false));
  }

  TEST_CASE("is_mbox_separator: prose and headers that start with From are not separators") {
    for (const char* line : {
             "From here on, we will answer within one day.",
             "From 2024 onwards the fee is 5 USD.",
             "From Monday to Friday, 9 to 5.",
             "From Jan 5 2026 onwards you pay less.",
             "From me: thanks, Mar 24 2026",
             "From sender@example.com Tue Mar 24 16:41:23",  // no year
             "From sender@example.com 2026",                 // no month
             "From sender@example.com",
             "From ",
             "From: Ana <ana@example.org>",
             ">From sender@example.com Tue Mar 24 16:41:23 2026",
             " From sender@example.com Tue Mar 24 16:41:23 2026",
             "from sender@example.com Tue Mar 24 16:41:23 2026",
         }) {
      CAPTURE(line);
      CHECK_FALSE(is_mbox_separator(line, "", false));
      CHECK_FALSE(is_mbox_separator(line, "", true));
    }
    CHECK_FALSE(is_mbox_separator(kPostmark + " " + std::string(2000, 'x'), "", false));
  }

  TEST_CASE("three messages: bytes, offsets and lines") {
    const std::string a = message("one", "Hello.");
    const std::string b = message("two", "Line 1\nLine 2");
    const std::string c = message("three", "Bye.");
    const std::string bytes = a + b + c;
    const ReadAll r = read_bytes(bytes);
    CHECK(r.errors.empty());
    REQUIRE(r.messages.size() == 3);
    CHECK(r.messages[0].bytes == a);
    CHECK(r.messages[1].bytes == b);
    CHECK(r.messages[2].bytes == c);
    CHECK(r.messages[1].offset == static_cast<int64_t>(a.size()));
    CHECK(r.messages[0].first_line == 1);
    CHECK(r.messages[0].last_line == 6);
    CHECK(r.messages[1].first_line == 7);
    CHECK(r.messages[1].last_line == 13);
    CHECK(r.messages[2].first_line == 14);
    check_reconstructs(bytes, r);
  }

  TEST_CASE("a body line 'From here on' after a blank line and escaped '>From ' lines stay in their message") {
    const std::string a = message("one", "Thanks.\n\nFrom here on, we will reply within a day.\n\n>From " +
                                             kPostmark.substr(5) + "\n>>From the team");
    const std::string b = message("two", "Bye.");
    const std::string bytes = a + b;
    const ReadAll r = read_bytes(bytes);
    CHECK(r.errors.empty());
    REQUIRE(r.messages.size() == 2);
    CHECK(r.messages[0].bytes == a);
    CHECK(r.messages[0].bytes.find("\n>From ana@example.org") != std::string::npos);
    check_reconstructs(bytes, r);
  }

  TEST_CASE("a separator needs an empty line before it") {
    const std::string bytes = kPostmark + "\nSubject: x\n\nbody\n" + kPostmark + "\nstill the first\n";
    const ReadAll r = read_bytes(bytes);
    REQUIRE(r.messages.size() == 1);
    check_reconstructs(bytes, r);
  }

  TEST_CASE("CRLF line ends") {
    const std::string bytes = message("one", "Hello.", "\r\n") + message("two", "Bye.", "\r\n");
    const ReadAll r = read_bytes(bytes);
    CHECK(r.errors.empty());
    REQUIRE(r.messages.size() == 2);
    CHECK(r.messages[1].bytes.starts_with(kPostmark + "\r\n"));
    check_reconstructs(bytes, r);
    check_every_chunk_size(bytes, bytes.size() + 1);
  }

  TEST_CASE("a UTF-8 BOM before the first separator stays with the first message") {
    const std::string bytes = "\xEF\xBB\xBF" + message("one", "Hello.") + message("two", "Bye.");
    const ReadAll r = read_bytes(bytes);
    CHECK(r.errors.empty());
    REQUIRE(r.messages.size() == 2);
    CHECK(r.messages[0].offset == 0);
    CHECK(r.messages[0].bytes.starts_with("\xEF\xBB\xBF" "From "));
    check_reconstructs(bytes, r);
    check_every_chunk_size(bytes, 8);
  }

  TEST_CASE("no newline at the end of the file") {
    const std::string bytes = message("one", "Hello.") + kPostmark + "\nSubject: two\n\nno newline";
    const ReadAll r = read_bytes(bytes);
    REQUIRE(r.messages.size() == 2);
    CHECK(r.messages[1].bytes.ends_with("no newline"));
    CHECK(r.messages[1].last_line == 10);
    check_reconstructs(bytes, r);
    check_every_chunk_size(bytes, 16);

    // A separator that is the very last line is a message of its own.
    const std::string last_is_separator = message("one", "Hello.") + kPostmark;
    const ReadAll s = read_bytes(last_is_separator);
    REQUIRE(s.messages.size() == 2);
    CHECK(s.messages[1].bytes == kPostmark);
    CHECK(s.messages[1].first_line == 7);
    CHECK(s.messages[1].last_line == 7);
    check_reconstructs(last_is_separator, s);
    check_every_chunk_size(last_is_separator, 16);
  }

  TEST_CASE("an empty file has no messages") {
    const ReadAll r = read_bytes("");
    CHECK(r.messages.empty());
    CHECK(r.errors.empty());
  }

  TEST_CASE("separators split across reads, at every chunk size") {
    const std::string bytes = message("one", "Hello.") + message("two", "From here on\n\n>From x") +
                              "From - Mon Jan  5 09:00:00 2026\n\n" + message("four", "Bye.", "\r\n");
    check_every_chunk_size(bytes, bytes.size() + 1);
    CHECK(read_bytes(bytes, 3).messages.size() == 4);
  }

  TEST_CASE("a 1 MiB header line, and a long 'From ' line that is text") {
    const std::string huge(1 << 20, 'a');
    const std::string a = kPostmark + "\nX-Long: " + huge + "\nSubject: one\n\n" + "From " + huge + " 2026\n\n";
    const std::string b = message("two", "Bye.");
    const std::string bytes = a + b;
    for (size_t chunk : {MboxReader::kDefaultChunkSize, size_t{4096}, size_t{999}, size_t{1001}}) {
      CAPTURE(chunk);
      const ReadAll r = read_bytes(bytes, chunk);
      CHECK(r.errors.empty());
      REQUIRE(r.messages.size() == 2);
      CHECK(r.messages[0].bytes.size() == a.size());
      CHECK(r.messages[1].first_line == 7);
      check_reconstructs(bytes, r);
    }
  }

  TEST_CASE("100,000 tiny messages") {
    std::string bytes;
    for (int i = 0; i < 100000; ++i) {
      bytes += kPostmark + "\nSubject: " + std::to_string(i) + "\n\nhi\n\n";
    }
    const ReadAll r = read_bytes(bytes);
    CHECK(r.errors.empty());
    REQUIRE(r.messages.size() == 100000);
    CHECK(r.messages.back().bytes == kPostmark + "\nSubject: 99999\n\nhi\n\n");
    CHECK(r.messages.back().first_line == 99999 * 5 + 1);
    check_reconstructs(bytes, r);
    CHECK(read_bytes(bytes, 4096).messages.size() == 100000);
  }

  TEST_CASE("a message over the size limit is an error naming its line, and reading goes on") {
    const std::string a = message("one", "Hello.");
    const std::string big = message("two", std::string(1000, 'x'));
    const std::string c = message("three", "Bye.");
    const std::string bytes = a + big + c;
    // Small reads notice the size while still inside the message, large ones at its end.
    for (size_t chunk : {size_t{16}, size_t{100}, MboxReader::kDefaultChunkSize}) {
      CAPTURE(chunk);
      const ReadAll r = read_bytes(bytes, chunk, 200);
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].starts_with("inbox.mbox:7: the message is larger than 200 bytes"));
      REQUIRE(r.messages.size() == 2);
      CHECK(r.messages[0].bytes == a);
      CHECK(r.messages[1].bytes == c);
      CHECK(r.messages[1].offset == static_cast<int64_t>(a.size() + big.size()));
      CHECK(r.messages[1].first_line == 13);
      CHECK(r.messages[0].bytes + r.messages[1].bytes == a + c);
    }
    // Exactly at the limit is still a message.
    const ReadAll at_limit = read_bytes(bytes, 16, big.size());
    CHECK(at_limit.errors.empty());
    check_reconstructs(bytes, at_limit);
  }

  TEST_CASE("a file that does not start with a separator") {
    const std::string bytes = "Hello there\n\n" + message("one", "Hello.");
    const ReadAll r = read_bytes(bytes, 5);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == "inbox.mbox:1: not an mbox (it does not start with a 'From ' line)");
    REQUIRE(r.messages.size() == 1);
    CHECK(r.messages[0].first_line == 3);
    CHECK(r.messages[0].offset == 13);
    CHECK(r.messages[0].bytes == bytes.substr(13));

    const ReadAll text = read_bytes("just text\nno mail here\n");
    CHECK(text.messages.empty());
    CHECK(text.errors.size() == 1);
  }

  TEST_CASE("reading from a pipe, as from standard input") {
    std::string bytes;
    for (int i = 0; i < 3000; ++i) {
      bytes += message(std::to_string(i), std::string(static_cast<size_t>(i % 700), 'z'), i % 2 ? "\r\n" : "\n");
    }
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::thread writer([&] {
      size_t done = 0;
      while (done < bytes.size()) {
        const ssize_t n = ::write(fds[1], bytes.data() + done, std::min<size_t>(bytes.size() - done, 7777));
        if (n <= 0) {
          break;
        }
        done += static_cast<size_t>(n);
      }
      ::close(fds[1]);
    });
    const ReadAll r = read_fd(fds[0]);
    writer.join();
    ::close(fds[0]);
    CHECK(r.errors.empty());
    CHECK(r.messages.size() == 3000);
    check_reconstructs(bytes, r);
  }

  TEST_CASE("a read error names the line and ends the reading") {
    const int fd = ::open(std::filesystem::temp_directory_path().c_str(), O_RDONLY | O_DIRECTORY);
    REQUIRE(fd >= 0);
    const ReadAll r = read_fd(fd);
    ::close(fd);
    CHECK(r.messages.empty());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].starts_with("inbox.mbox:1: could not read: "));
  }
}
