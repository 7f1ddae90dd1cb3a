#include "inwriting/cli/main.hpp"

int main(int argc, char** argv) { return inwriting::cli::main(argc, argv); }
