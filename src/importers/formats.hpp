#pragma once
// The importers' entry points. Each lives in its own file; registry.cpp lists them in one table.
#include <string_view>

#include "inwriting/importers/importer.hpp"

namespace inwriting::importers {

// Plain-text chat transcripts in every pasted or emailed shape (text_chat.cpp).
int detect_text_chat(std::string_view bytes);
Result<ParseOutput> parse_text_chat(const ParseInput& input);
// The same parser over text that is already clean UTF-8 (used by the HTML importer for bodies
// that are text with <br> line breaks, and later by the email importer for transcript bodies).
Result<ParseOutput> parse_text_chat_text(std::string_view text, const ParseInput& input);

int detect_whatsapp(std::string_view bytes);
Result<ParseOutput> parse_whatsapp(const ParseInput& input);

int detect_line(std::string_view bytes);
Result<ParseOutput> parse_line(const ParseInput& input);

int detect_messenger(std::string_view bytes);
Result<ParseOutput> parse_messenger(const ParseInput& input);

int detect_telegram(std::string_view bytes);
Result<ParseOutput> parse_telegram(const ParseInput& input);

int detect_twitter_dm(std::string_view bytes);
Result<ParseOutput> parse_twitter_dm(const ParseInput& input);

// Email (email.cpp): one RFC 5322 message (.eml, a Maildir file) or an mbox of them. Transcript
// emails become chat conversations; other emails one email conversation each.
int detect_eml(std::string_view bytes);
Result<ParseOutput> parse_eml(const ParseInput& input);
int detect_mbox(std::string_view bytes);
Result<ParseOutput> parse_mbox(const ParseInput& input);

int detect_html_chat(std::string_view bytes);
Result<ParseOutput> parse_html_chat(const ParseInput& input);
// A page that is not a chat, as one web conversation of its visible text; only by --format html-page.
int detect_html_page(std::string_view bytes);
Result<ParseOutput> parse_html_page(const ParseInput& input);
// Whether HTML nests so deep (over 3,000 open elements) that it is not handed to Gumbo.
bool html_too_deep(std::string_view html);

}  // namespace inwriting::importers
