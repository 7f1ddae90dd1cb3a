// inwriting pull — being written; registers nothing yet.
#include "commands.hpp"

namespace inwriting::cli {

void setup_pull(CLI::App& /*app*/, const GlobalOptions& /*global*/, Io& /*io*/, CommandState& /*state*/) {}

}  // namespace inwriting::cli
