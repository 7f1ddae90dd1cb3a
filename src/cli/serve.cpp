// inwriting serve — being written; registers nothing yet.
#include "commands.hpp"

namespace inwriting::cli {

void setup_serve(CLI::App& /*app*/, const GlobalOptions& /*global*/, Io& /*io*/, CommandState& /*state*/) {}

}  // namespace inwriting::cli
