// The TSA client against the local test TSA (tests/tools/tsa): a real HTTP round trip to a real
// `openssl ts -reply`, and the errors a person sees when the TSA misbehaves.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/tsa_client.hpp"
#include "inwriting/util/file.hpp"
#include "test_helpers.hpp"

extern char** environ;

using namespace inwriting;

namespace {

// make-tsa.sh, then tsa_server.py on a free port of 127.0.0.1, stopped by its pid at the end.
class LocalTsa {
public:
  LocalTsa() {
    const std::string tools = std::string(INWRITING_SOURCE_DIR) + "/tests/tools/tsa";
    if (std::system(("bash '" + tools + "/make-tsa.sh' '" + m_dir.path() + "'").c_str()) != 0) return;
    int out[2];
    if (pipe(out) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    const std::string script = tools + "/tsa_server.py";
    std::vector<char*> argv = {const_cast<char*>("python3"), const_cast<char*>(script.c_str()),
                               const_cast<char*>(m_dir.path().c_str()), nullptr};
    const int spawned = posix_spawnp(&m_pid, "python3", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (spawned != 0) {
      m_pid = 0;
      close(out[0]);
      return;
    }
    // The server prints its port on its first line once it listens.
    std::string line;
    char c = 0;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos) m_port = std::stoi(line);
  }
  ~LocalTsa() {
    if (m_pid > 0) {
      kill(m_pid, SIGTERM);
      waitpid(m_pid, nullptr, 0);
    }
  }
  bool running() const { return m_port > 0; }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }
  std::string ca_pem() const {
    auto bytes = file::read_all(m_dir / "ca.pem");
    return bytes ? *bytes : std::string();
  }

private:
  test::TempDir m_dir;
  pid_t m_pid = 0;
  int m_port = 0;
};

const std::string k_manifest = "0f1e2d3c  data/exhibits/EX001.eml\n";

}  // namespace

TEST_SUITE("cli.tsa_client") {
  TEST_CASE("the local TSA stamps a manifest over HTTP and the token verifies against its CA") {
    LocalTsa tsa;
    REQUIRE(tsa.running());
    auto token = cli::request_timestamp(tsa.url("/"), k_manifest, "");
    REQUIRE_MESSAGE(token.ok(), (token.ok() ? "" : token.error()));
    CHECK(token->tsa_name.find("inwriting throwaway test TSA") != std::string::npos);
    const auto check = exporter::verify_timestamp(token->token_der, k_manifest, tsa.ca_pem());
    CHECK_MESSAGE(check.valid, (check.problems.empty() ? "" : check.problems.front()));
    CHECK_FALSE(exporter::verify_timestamp(token->token_der, k_manifest + " ", tsa.ca_pem()).valid);
  }

  TEST_CASE("a TSA that fails, answers a web page or is not there is one sentence naming the URL") {
    LocalTsa tsa;
    REQUIRE(tsa.running());
    auto failing = cli::request_timestamp(tsa.url("/http-500"), k_manifest, "");
    REQUIRE_FALSE(failing.ok());
    CHECK(failing.error() == tsa.url("/http-500") +
                                 ": the time-stamping authority answered HTTP 500; check the --timestamp URL, or try again later");

    auto page = cli::request_timestamp(tsa.url("/not-a-reply"), k_manifest, "");
    REQUIRE_FALSE(page.ok());
    CHECK(page.error().find(tsa.url("/not-a-reply") + ": the time-stamping authority's answer is not an RFC 3161") == 0);
    CHECK(page.error().find("(it sent text/html)") != std::string::npos);
  }

  TEST_CASE("a TSA that is not listening is an error naming its URL") {
    std::string gone;
    {
      LocalTsa tsa;
      REQUIRE(tsa.running());
      gone = tsa.url("/");
    }  // stopped: its port is closed now
    auto refused = cli::request_timestamp(gone, k_manifest, "");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().find(gone) == 0);
  }
}
