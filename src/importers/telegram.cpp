// PLACEHOLDER: being written; replaced before this lands.
#include "formats.hpp"
namespace inwriting::importers {
int detect_telegram(std::string_view) { return 0; }
Result<ParseOutput> parse_telegram(const ParseInput& input) { return make_error(input.display_name + ": telegram not ready"); }

}
