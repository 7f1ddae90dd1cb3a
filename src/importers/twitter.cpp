// PLACEHOLDER: being written; replaced before this lands.
#include "formats.hpp"
namespace inwriting::importers {
int detect_twitter_dm(std::string_view) { return 0; }
Result<ParseOutput> parse_twitter_dm(const ParseInput& input) { return make_error(input.display_name + ": twitter_dm not ready"); }

}
