// PLACEHOLDER: being written; replaced before this lands.
#include "formats.hpp"
namespace inwriting::importers {
int detect_html_chat(std::string_view) { return 0; }
Result<ParseOutput> parse_html_chat(const ParseInput& input) { return make_error(input.display_name + ": html_chat not ready"); }

}
