// inwriting capture — being written; registers nothing yet.
#include "commands.hpp"

namespace inwriting::cli {

void setup_capture(CLI::App& /*app*/, const GlobalOptions& /*global*/, Io& /*io*/, CommandState& /*state*/) {}

}  // namespace inwriting::cli
