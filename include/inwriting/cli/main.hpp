#pragma once
namespace inwriting::cli {
// The whole program: parses arguments, runs one command, returns the exit code.
// Exit codes: 0 success, 1 some input failed (the rest was done), 2 usage error, 3 store error.
int main(int argc, char** argv);
}  // namespace inwriting::cli
