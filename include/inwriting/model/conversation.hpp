#pragma once
// What an importer produces and the store keeps: conversations, participants, messages, events.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inwriting/util/time.hpp"

namespace inwriting::model {

enum class Channel { chat, email, phone, social, web };
enum class Role { unknown, agent, customer, bot, system };

std::string_view to_string(Channel c);
std::string_view to_string(Role r);
std::optional<Channel> channel_from_string(std::string_view s);
std::optional<Role> role_from_string(std::string_view s);
// Agents and bots speak for the company: only their words can become promises.
inline bool is_company_side(Role r) { return r == Role::agent || r == Role::bot; }

// A point in time as the source wrote it. Parsers fill what the source says; resolve_times()
// then works out UTC where an offset or a --tz zone makes that possible.
struct Timestamp {
  std::optional<timeutil::Date> date;
  std::optional<timeutil::TimeOfDay> time;
  std::optional<int> offset_minutes;  // UTC offset written in (or implied by) the source

  bool complete() const { return date.has_value() && time.has_value(); }
  // Wall-clock seconds (the local time read as if it were UTC); needs complete().
  int64_t wall_seconds() const;
  // UTC seconds when the offset is known.
  std::optional<int64_t> utc_seconds() const;
  // "2026-03-04T10:31:52-05:00", "2026-03-04T10:31:52" (zone unknown), "2026-03-04", or "".
  std::string iso() const;
};

// Where in the source bytes an entry came from (1-based lines, byte offsets into the original).
struct SourceSpan {
  int first_line = 0;
  int last_line = 0;
};

enum class EntryKind { message, event };

struct Entry {
  EntryKind kind = EntryKind::message;
  std::string speaker;     // display name as written; empty for system events
  std::string text;        // UTF-8, NFC, newlines between lines of a multi-line message
  Timestamp time;
  bool is_media = false;   // "<Media omitted>", "[Photo]", a photo-only Messenger message
  SourceSpan where;
  // Emails: the sender's address, the email's Message-ID (its own message only), where a signature
  // or legal footer starts in `text` (kept, but not the author's words), and whether the message is
  // known only from the quoted history of a later email.
  std::string address;
  std::string message_id;
  size_t signature_at = std::string::npos;
  bool quoted = false;
};

// The headers of one email that matter as evidence, read once at import so later steps (threads,
// bundles, custody) never re-parse the original.
struct EmailHeaders {
  std::string message_id;               // without the angle brackets
  std::string in_reply_to;
  std::vector<std::string> references;  // oldest first
  std::string subject;
  std::string thread_subject;           // subject without Re:/Fwd:/RV:/[tags], folded
  std::string from_address;             // lowercased
  std::vector<std::string> addresses;   // From, To, Cc, Reply-To, lowercased
  std::optional<int64_t> date_utc;
  std::string maildir_flags;            // "FRS" from a Maildir file name, when it came from one
  std::vector<std::pair<std::string, std::string>> evidence;  // Date, From, To, Message-ID, Received, DKIM-Signature, … in order
};

// A part of an email that is not its text. Files the sender attached are kept as evidence; inline
// images (logos) and tracking pixels are only noted.
struct Attachment {
  std::string file_name;     // sanitised: no directories, no "..", no control characters
  std::string content_type;  // "application/pdf"
  std::string bytes;         // decoded content; empty when not kept
  size_t size = 0;
  bool evidence = true;
  std::string note;          // why it is not evidence: "inline image", "tracking pixel"
};

struct Participant {
  std::string name;
  Role role = Role::unknown;
  std::string role_reason;  // why the role was decided: "header Agent:", "--me", "greets as the company", …
};

struct Conversation {
  Channel channel = Channel::chat;
  std::string format;        // importer's format name, e.g. "text-chat", "whatsapp"
  std::string company;
  std::string title;
  std::string language;      // en, es, th, mixed
  std::vector<std::pair<std::string, std::string>> external_ids;  // ("chat_id", "…")
  std::optional<Timestamp> started;
  std::optional<Timestamp> ended;
  std::vector<Participant> participants;
  std::vector<Entry> entries;  // messages and events in source order
  SourceSpan where;
  std::optional<EmailHeaders> email;     // when the conversation came from an email
  std::vector<Attachment> attachments;   // the email's attachments and noted inline parts

  size_t message_count() const;
  Participant* find_participant(std::string_view name);
  // Adds the participant if not there yet; returns it.
  Participant& participant(std::string_view name);
};

struct Reference {
  std::string kind;   // order, ticket, case, tracking, booking, confirmation, refund, invoice, rma, chat
  std::string value;  // as written, e.g. "CS-4410921"
  size_t entry_index = 0;
};

// Options the user gives at import time that shape how a parse is finished.
struct ImportContext {
  std::string origin;               // file path, "-" for stdin, URL, mailbox
  std::optional<std::string> company;
  std::optional<Channel> channel;
  std::optional<std::string> tz;    // IANA zone for clocks without a zone
  std::vector<std::string> me;      // names that are the user
  enum class DateOrder { automatic, dmy, mdy, ymd } date_order = DateOrder::automatic;
  // Email domains and the company they belong to ("acme-mail.com" → "Acme"), from the config.
  std::vector<std::pair<std::string, std::string>> company_domains;
};

// After parsing: roles decided (headers, --me, "You", bots, greetings), times resolved against
// --tz, started/ended filled, language guessed, company and channel overrides applied.
void finish_conversation(Conversation& conversation, const ImportContext& context);

// What stays the same when one email is quoted in another, re-encoded or re-sent: the folded
// letters and digits of its words before the signature. Two keys name the same message when one is
// a prefix of the other (a quoting client may drop a trailing line), see same_message_key().
std::string message_key(std::string_view text, size_t signature_at);
bool same_message_key(std::string_view a, std::string_view b);

// "Re: Fwd: [#123] Refund" → "refund": what a thread's subjects share.
std::string thread_subject(std::string_view subject);

// Reference numbers (order, ticket, case, tracking, …) mentioned in the conversation's entries.
std::vector<Reference> extract_references(const Conversation& conversation);

}  // namespace inwriting::model
