// PLACEHOLDER: being written; replaced before this lands.
#include "formats.hpp"
namespace inwriting::importers {
int detect_whatsapp(std::string_view) { return 0; }
Result<ParseOutput> parse_whatsapp(const ParseInput& input) { return make_error(input.display_name + ": whatsapp not ready"); }

}
