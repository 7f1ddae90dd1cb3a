// The capture server's checks, against a real server on 127.0.0.1 and a real handler that records
// what reached it: only a token from a page it served, the right Host and Origin, and a body whose
// size was known first get through; a token saves once; the rate limit holds; every response
// carries the security headers.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "inwriting/net/capture_server.hpp"
#include "net/httplib.hpp"

using namespace inwriting;

namespace {

struct Running {
  std::unique_ptr<net::CaptureServer> server;
  std::thread thread;
  std::vector<net::CapturedPage> reached;  // pages the handler saw, and whether saving
  std::vector<bool> saves;
  std::vector<std::string> refusals;

  explicit Running(net::CaptureServerOptions options = {}) {
    auto bound = net::CaptureServer::bind(
        options,
        [this](const net::CapturedPage& page, net::CaptureAction action) {
          const bool save = action == net::CaptureAction::save;
          reached.push_back(page);
          saves.push_back(save);
          net::CaptureSummary s;
          s.ok = true;
          s.status = save ? "kept" : "understood";
          s.messages = 2;
          s.speakers = {{"Sam", "agent"}};
          if (save) s.conversation_ids = {7};
          return s;
        },
        [this](const std::string& line) { refusals.push_back(line); });
    REQUIRE_MESSAGE(bound.ok(), bound.error());
    server = std::move(*bound);
    thread = std::thread([this] { (void)server->run(); });
    httplib::Client probe("127.0.0.1", server->port());
    for (int i = 0; i < 200 && !probe.Get("/"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~Running() {
    server->stop();
    thread.join();
  }
  std::string host() const { return "127.0.0.1:" + std::to_string(server->port()); }
  std::string origin() const { return "http://" + host(); }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server->port());
    c.set_keep_alive(false);
    return c;
  }
  std::string token() {
    auto page = client().Get("/capture");
    REQUIRE(page);
    const std::string mark = "name=\"inwriting-token\" content=\"";
    const size_t at = page->body.find(mark);
    REQUIRE(at != std::string::npos);
    return page->body.substr(at + mark.size(), 64);
  }
  httplib::Result post(const std::string& path, const std::string& token, const std::string& body,
                       httplib::Headers extra = {}) {
    httplib::Headers headers = {{"Origin", origin()}, {"X-Inwriting-Token", token}};
    headers.insert(extra.begin(), extra.end());
    return client().Post(path.c_str(), headers, body, "application/json");
  }
};

const std::string k_page = R"({"v":1,"url":"https://chat.example.com/s/1","title":"Support","html":"<p>Sam: we will refund you</p>"})";

}  // namespace

TEST_SUITE("net.capture_server") {
  TEST_CASE("a page's token lets its review page preview, then save once; the handler gets the page and the browser") {
    Running r;
    const std::string token = r.token();
    auto preview = r.post("/api/preview", token, k_page, {{"User-Agent", "TestBrowser/1"}});
    REQUIRE(preview);
    CHECK(preview->status == 200);
    CHECK(preview->body.find("\"status\":\"understood\"") != std::string::npos);
    auto save = r.post("/api/save", token, k_page);
    REQUIRE(save);
    CHECK(save->status == 200);
    CHECK(save->body.find("\"conversation_ids\":[7]") != std::string::npos);
    auto again = r.post("/api/save", token, k_page);
    REQUIRE(again);
    CHECK(again->status == 403);
    CHECK(again->body.empty());
    REQUIRE(r.reached.size() == 2);
    CHECK(r.saves == std::vector<bool>{false, true});
    CHECK(r.reached[0].page_url == "https://chat.example.com/s/1");
    CHECK(r.reached[0].title == "Support");
    CHECK(r.reached[0].html == "<p>Sam: we will refund you</p>");
    CHECK(r.reached[0].user_agent == "TestBrowser/1");
    CHECK(r.reached[0].captured_at.size() == 25);
  }

  TEST_CASE("refused: another Host, another Origin, no token, an encoded or unsized body, a long path; the handler never runs") {
    Running r;
    const std::string token = r.token();
    auto c = r.client();
    auto rebound = c.Get("/", {{"Host", "attacker.example:" + std::to_string(r.server->port())}});
    REQUIRE(rebound);
    CHECK(rebound->status == 421);
    CHECK(rebound->body.empty());
    CHECK(rebound->get_header_value("X-Content-Type-Options") == "nosniff");  // refused responses too
    CHECK(rebound->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);

    auto foreign = c.Post("/api/save", {{"Origin", "https://evil.example"}, {"X-Inwriting-Token", token}}, k_page,
                          "application/json");
    REQUIRE(foreign);
    CHECK(foreign->status == 403);
    auto null_origin = r.post("/api/save", token, k_page, {{"Origin", "null"}});
    REQUIRE(null_origin);
    CHECK(null_origin->status == 403);
    auto no_token = c.Post("/api/save", {{"Origin", r.origin()}}, k_page, "application/json");
    REQUIRE(no_token);
    CHECK(no_token->status == 403);
    CHECK(no_token->body.empty());
    auto gzip = r.post("/api/save", token, k_page, {{"Content-Encoding", "gzip"}});
    REQUIRE(gzip);
    CHECK(gzip->status == 415);
    auto long_path = c.Get(("/" + std::string(300, 'a')).c_str());
    REQUIRE(long_path);
    CHECK(long_path->status == 414);
    auto unknown = c.Get("/etc/passwd");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
    CHECK(r.reached.empty());
    CHECK(r.refusals.size() >= 6);
    for (const auto& line : r.refusals) CHECK(line.find(token) == std::string::npos);
  }

  TEST_CASE("a chunked body is refused before it is read, and the connection is closed") {
    Running r;
    const std::string token = r.token();
    httplib::Client c("127.0.0.1", r.server->port());
    auto chunked = c.Post(
        "/api/save", {{"Origin", r.origin()}, {"X-Inwriting-Token", token}},
        [](size_t offset, httplib::DataSink& sink) {
          if (offset > 0) {
            sink.done();
            return true;
          }
          return sink.write(k_page.data(), k_page.size());
        },
        "application/json");
    // The server answers and closes before the body: the client may see the answer or only the
    // closed connection, depending on how far it got writing.
    if (chunked) {
      CHECK(chunked->status == 400);
      CHECK(chunked->get_header_value("Connection") == "close");
    }
    CHECK(r.reached.empty());
    REQUIRE(r.refusals.size() == 1);
    CHECK(r.refusals[0].find("Transfer-Encoding on a request") != std::string::npos);
    auto after = r.client().Get("/");
    REQUIRE(after);
    CHECK(after->status == 200);
  }

  TEST_CASE("a body over the limit is refused by its Content-Length") {
    net::CaptureServerOptions options;
    options.max_body_bytes = 1000;
    Running r(options);
    const std::string token = r.token();
    auto big = r.post("/api/save", token, std::string(2000, ' '));
    REQUIRE(big);
    CHECK(big->status == 413);
    CHECK(r.reached.empty());
  }

  TEST_CASE("past the rate limit: 429, then served again after the window") {
    net::CaptureServerOptions options;
    options.requests_per_10_seconds = 5;
    Running r(options);  // its readiness probe used one
    int refused = 0;
    for (int i = 0; i < 8; ++i) {
      auto res = r.client().Get("/");
      REQUIRE(res);
      refused += res->status == 429 ? 1 : 0;
    }
    CHECK(refused >= 3);
  }

  TEST_CASE("the port is not shared: a second bind to it fails and says so") {
    Running r;
    net::CaptureServerOptions same;
    same.port = r.server->port();
    auto second = net::CaptureServer::bind(same, [](const net::CapturedPage&, net::CaptureAction) { return net::CaptureSummary{}; });
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().find("the port is in use") != std::string::npos);
  }

  TEST_CASE("the bookmarklet opens the capture page of its own server and falls back to postMessage") {
    const std::string url = net::bookmarklet_url("http://127.0.0.1:8723");
    CHECK(url.rfind("javascript:", 0) == 0);
    CHECK(url.find("http://127.0.0.1:8723") != std::string::npos);
    CHECK(url.find("postMessage") != std::string::npos);
    CHECK(url.find('"') == std::string::npos);  // safe inside href="…"
    CHECK(url.find('<') == std::string::npos);
  }
}
