// PLACEHOLDER: being written; replaced before this lands.
#include "formats.hpp"
namespace inwriting::importers {
int detect_text_chat(std::string_view) { return 0; }
Result<ParseOutput> parse_text_chat(const ParseInput& input) { return make_error(input.display_name + ": text_chat not ready"); }
Result<ParseOutput> parse_text_chat_text(std::string_view, const ParseInput& input) { return make_error(input.display_name + ": not ready"); }
}
