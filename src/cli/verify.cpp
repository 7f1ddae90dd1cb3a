// inwriting verify — being written; registers nothing yet.
#include "commands.hpp"

namespace inwriting::cli {

void setup_verify(CLI::App& /*app*/, const GlobalOptions& /*global*/, Io& /*io*/, CommandState& /*state*/) {}

}  // namespace inwriting::cli
