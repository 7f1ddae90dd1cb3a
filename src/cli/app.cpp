#include "inwriting/cli/main.hpp"
namespace inwriting::cli { int main(int, char**) { return 0; } }
