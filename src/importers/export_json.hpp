#pragma once
// What the JSON-export importers (Messenger, Telegram, X) share. nlohmann keeps no positions, so
// lines are found again in the original bytes; the exporters mangle UTF-8 in the same few ways.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "inwriting/importers/importer.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::importers::detail {

using ordered_json = nlohmann::ordered_json;

// Lines of the original bytes, and a cursor that walks the JSON text the way the parsed tree is
// walked, so that each object parsed can be given the lines it came from.
class Locator {
public:
  explicit Locator(std::string_view s);
  int line_of(size_t pos) const;
  // Moves to the next `"key":` outside strings at or after the cursor; false when there is none.
  bool find_key(std::string_view key);
  // The next '{' … matching '}' from the cursor: its first and last line; the cursor moves past it.
  bool next_object(int& first_line, int& last_line);
  // The first and last line of each of the `count` objects in the list under the next `"key":`;
  // {0, 0} for those the text does not show.
  std::vector<std::pair<int, int>> object_lines(std::string_view key, size_t count);

private:
  std::string_view m_s;
  size_t m_pos = 0;
  std::vector<size_t> m_newlines;
};

// Windows exporters put a UTF-8 byte order mark before the JSON.
std::string_view without_bom(std::string_view bytes);
// Whether the first bytes open a JSON object: detection must not parse a file of any size.
bool opens_json_object(std::string_view bytes);

// The JSON that starts at `json_start` of `bytes` (after the BOM), or an error naming the line and
// byte of the whole file, so that the user finds the place in the file they have.
Result<ordered_json> parse_export_json(const ParseInput& input, std::string_view bytes, size_t json_start = 0);

// The warning for an item of the message list that is not an object; the rest still imports.
std::string skipped_item_warning(const ParseInput& input, int line);

// The exporters write UTF-8 as if each byte were a Latin-1 or a Windows-1252 character.
std::string repair_cp1252_mojibake(std::string_view s);
// Export text repaired, with the newlines and marks decode_text also removes, in NFC.
std::string clean(std::string_view s);

// The string under `key` as written, or "" when it is missing or not a string.
std::string raw_string_field(const ordered_json& object, const char* key);
// The same, cleaned.
std::string string_field(const ordered_json& object, const char* key);

// Whether `key` holds something: present, not null, not an empty list or object. Whether an empty
// string is something differs by format, so the caller says.
enum class EmptyString { counts, is_nothing };
bool non_empty(const ordered_json& object, const char* key, EmptyString empty_string = EmptyString::counts);

// A name that is a business rather than a person.
bool looks_like_business(std::string_view name);

// The wall time `offset_minutes` from UTC; incomplete for times no one chatted at.
model::Timestamp from_utc_seconds(int64_t utc, int offset_minutes);
// An ISO 8601 time as written: without a zone it is the local wall time, zone unknown.
model::Timestamp from_instant(const timeutil::Instant& instant);

}  // namespace inwriting::importers::detail
