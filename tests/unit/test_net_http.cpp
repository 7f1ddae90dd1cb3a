// The libcurl client against real servers on 127.0.0.1 (cpp-httplib, plain and TLS with a CA made
// for the test): each failure is one sentence naming the URL; a non-2xx status is an answer.
#include <doctest/doctest.h>

#include "net/httplib.hpp"

#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

#include "inwriting/net/http.hpp"
#include "test_helpers.hpp"

using namespace inwriting;

namespace {

// A server on an ephemeral port of 127.0.0.1, running on its own thread for one test.
class LocalServer {
public:
  explicit LocalServer(std::unique_ptr<httplib::Server> server = std::make_unique<httplib::Server>())
      : m_server(std::move(server)) {}
  ~LocalServer() { stop(); }
  httplib::Server& routes() { return *m_server; }
  void start() {
    m_port = m_server->bind_to_any_port("127.0.0.1");
    REQUIRE(m_port > 0);
    m_thread = std::thread([this] { m_server->listen_after_bind(); });
    for (int i = 0; i < 200 && !m_server->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  void stop() {
    if (m_thread.joinable()) {
      m_server->stop();
      m_thread.join();
    }
  }
  std::string url(const std::string& scheme, const std::string& path) const {
    return scheme + "://127.0.0.1:" + std::to_string(m_port) + path;
  }
  std::string url(const std::string& path) const { return url("http", path); }
  int port() const { return m_port; }

private:
  std::unique_ptr<httplib::Server> m_server;
  std::thread m_thread;
  int m_port = 0;
};

// A private CA and a certificate it signed for 127.0.0.1, made with the openssl program.
struct TestCa {
  test::TempDir dir;
  std::string ca_pem, server_pem, server_key;
  bool made = false;
  TestCa() {
    ca_pem = dir / "ca.pem";
    server_pem = dir / "server.pem";
    server_key = dir / "server.key";
    const std::string d = dir.path();
    const std::string script =
        "cd '" + d + "' && "
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem "
        "-days 2 -subj '/CN=inwriting test CA' >/dev/null 2>&1 && "
        "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key "
        "-out server.csr -subj '/CN=127.0.0.1' >/dev/null 2>&1 && "
        "printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext && "
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 "
        "-extfile san.ext >/dev/null 2>&1";
    made = std::system(script.c_str()) == 0;
  }
};

net::HttpRequest get(const std::string& url) {
  net::HttpRequest request;
  request.url = url;
  request.timeout_seconds = 10;
  return request;
}

}  // namespace

TEST_SUITE("net.http") {
  TEST_CASE("a GET returns the status, the exact body, the final response's headers in order and the time") {
    LocalServer server;
    server.routes().Get("/chat", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-First", "1");
      res.set_header("X-Second", "2");
      res.set_content("<p>Agent: we will refund $25</p>\r\n\x01", "text/html; charset=utf-8");
      res.set_header("X-Seen-Agent", req.get_header_value("User-Agent"));
    });
    server.start();
    auto response = net::http_request(get(server.url("/chat")));
    REQUIRE_MESSAGE(response.ok(), response.error());
    CHECK(response->status == 200);
    CHECK(response->body == "<p>Agent: we will refund $25</p>\r\n\x01");
    CHECK(response->final_url == server.url("/chat"));
    CHECK(net::header_value(*response, "content-type") == "text/html; charset=utf-8");
    CHECK(net::header_value(*response, "X-Seen-Agent").rfind("inwriting/", 0) == 0);
    size_t first = 99, second = 99;
    for (size_t i = 0; i < response->headers.size(); ++i) {
      if (response->headers[i].first == "X-First") first = i;
      if (response->headers[i].first == "X-Second") second = i;
    }
    CHECK(first < second);
    CHECK(second != 99);
    REQUIRE(response->fetched_at.size() == 25);  // 2026-12-02T18:40:00+00:00
    CHECK(response->fetched_at.substr(19) == "+00:00");
    CHECK(response->fetched_at[10] == 'T');
  }

  TEST_CASE("redirects are followed and only the final response's headers remain") {
    LocalServer server;
    server.routes().Get("/old", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Old", "yes");
      res.set_redirect("/new", 302);
    });
    server.routes().Get("/new", [](const httplib::Request&, httplib::Response& res) { res.set_content("here", "text/plain"); });
    server.start();
    auto response = net::http_request(get(server.url("/old")));
    REQUIRE_MESSAGE(response.ok(), response.error());
    CHECK(response->status == 200);
    CHECK(response->body == "here");
    CHECK(response->final_url == server.url("/new"));
    CHECK(net::header_value(*response, "X-Old").empty());
  }

  TEST_CASE("a redirect loop is an error that names the URL and says what happened") {
    LocalServer server;
    server.routes().Get("/a", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/b", 302); });
    server.routes().Get("/b", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/a", 302); });
    server.start();
    auto request = get(server.url("/a"));
    request.max_redirects = 3;
    auto response = net::http_request(request);
    REQUIRE_FALSE(response.ok());
    CHECK(response.error() == server.url("/a") + ": more than 3 redirects (the site is sending it round in a loop)");
  }

  TEST_CASE("a 404 is an answer, not an error: the caller decides") {
    LocalServer server;
    server.routes().Get("/gone", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("no such transcript", "text/plain");
    });
    server.start();
    auto response = net::http_request(get(server.url("/gone")));
    REQUIRE_MESSAGE(response.ok(), response.error());
    CHECK(response->status == 404);
    CHECK(response->body == "no such transcript");
  }

  TEST_CASE("a body over max_bytes is refused, with or without Content-Length") {
    LocalServer server;
    server.routes().Get("/sized", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(5000, 'x'), "text/plain");
    });
    server.routes().Get("/chunked", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
        if (offset >= 100000) {
          sink.done();
          return true;
        }
        const std::string piece(1000, 'y');
        return sink.write(piece.data(), piece.size());
      });
    });
    server.start();
    for (const std::string path : {"/sized", "/chunked"}) {
      CAPTURE(path);
      auto request = get(server.url(path));
      request.max_bytes = 4096;
      auto response = net::http_request(request);
      REQUIRE_FALSE(response.ok());
      CHECK(response.error() == server.url(path) + ": the answer is larger than 4096 bytes; refused");
    }
    auto exact = get(server.url("/sized"));
    exact.max_bytes = 5000;
    auto response = net::http_request(exact);
    REQUIRE_MESSAGE(response.ok(), response.error());
    CHECK(response->body.size() == 5000);
  }

  TEST_CASE("a POST sends its body and content type; extra headers go along") {
    LocalServer server;
    server.routes().Post("/tsa", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.get_header_value("Content-Type") + "|" + req.get_header_value("X-Extra") + "|" + req.body,
                      "application/octet-stream");
    });
    server.start();
    net::HttpRequest request = get(server.url("/tsa"));
    request.method = "POST";
    request.body = std::string("\x30\x29\x02\x01", 4);
    request.content_type = "application/timestamp-query";
    request.headers = {"X-Extra: 7"};
    auto response = net::http_request(request);
    REQUIRE_MESSAGE(response.ok(), response.error());
    CHECK(response->body == "application/timestamp-query|7|" + std::string("\x30\x29\x02\x01", 4));
  }

  TEST_CASE("only http and https are spoken, also when a server redirects elsewhere") {
    auto file = net::http_request(get("file:///etc/passwd"));
    REQUIRE_FALSE(file.ok());
    CHECK(file.error() == "file:///etc/passwd: only http:// and https:// addresses can be fetched");

    LocalServer server;
    server.routes().Get("/to-file", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("file:///etc/passwd", 302);
    });
    server.start();
    auto redirected = net::http_request(get(server.url("/to-file")));
    REQUIRE_FALSE(redirected.ok());
    CHECK(redirected.error() == server.url("/to-file") + ": only http:// and https:// addresses can be fetched");

    auto method = get(server.url("/to-file"));
    method.method = "DELETE";
    CHECK_FALSE(net::http_request(method).ok());
  }

  TEST_CASE("a closed port, an unknown host and a slow server are errors saying so; a password in the URL is not repeated") {
    LocalServer closed;
    closed.start();
    const int port = closed.port();
    closed.stop();
    auto refused = net::http_request(get("http://user:secret@127.0.0.1:" + std::to_string(port) + "/x"));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error() == "http://127.0.0.1:" + std::to_string(port) +
                                 "/x: the server could not be reached (the connection was refused or the network is down)");
    CHECK(refused.error().find("secret") == std::string::npos);

    auto unknown = net::http_request(get("http://no-such-host.invalid/"));
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error() ==
          "http://no-such-host.invalid/: the host name could not be found (check the address and your internet connection)");

    LocalServer slow;
    slow.routes().Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2500));
      res.set_content("late", "text/plain");
    });
    slow.start();
    auto request = get(slow.url("/slow"));
    request.timeout_seconds = 1;
    auto late = net::http_request(request);
    REQUIRE_FALSE(late.ok());
    CHECK(late.error() == slow.url("/slow") + ": no complete answer within 1 seconds (try again later)");
  }

  TEST_CASE("the bytes are kept as sent: a gzip body is not decoded") {
    LocalServer server;
    const std::string gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x01\x00", 12);
    server.routes().Get("/gz", [&](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(gz, "text/html");
    });
    server.start();
    auto response = net::http_request(get(server.url("/gz")));
    REQUIRE_MESSAGE(response.ok(), response.error());
    CHECK(response->body == gz);
  }

  TEST_CASE("HTTPS is verified: a private CA is refused until it is given as ca_file") {
    TestCa ca;
    REQUIRE_MESSAGE(ca.made, "openssl could not make the test CA");
    LocalServer server(std::make_unique<httplib::SSLServer>(ca.server_pem.c_str(), ca.server_key.c_str()));
    server.routes().Get("/t", [](const httplib::Request&, httplib::Response& res) { res.set_content("secure", "text/plain"); });
    LocalServer plain;  // what /down sends the client to, unencrypted
    bool plain_asked = false;
    plain.routes().Get("/t", [&](const httplib::Request&, httplib::Response& res) {
      plain_asked = true;
      res.set_content("open", "text/plain");
    });
    plain.start();
    server.routes().Get("/down", [&](const httplib::Request&, httplib::Response& res) { res.set_redirect(plain.url("/t"), 302); });
    server.start();
    const std::string url = server.url("https", "/t");

    auto untrusted = net::http_request(get(url));
    REQUIRE_FALSE(untrusted.ok());
    CHECK(untrusted.error() == url + ": the certificate is not trusted (use --cacert FILE for a private CA)");

    auto request = get(url);
    request.ca_file = ca.ca_pem;
    auto trusted = net::http_request(request);
    REQUIRE_MESSAGE(trusted.ok(), trusted.error());
    CHECK(trusted->body == "secure");

    // Redirected from https to plain http: refused before anything is asked over http.
    auto downgrade = get(server.url("https", "/down"));
    downgrade.ca_file = ca.ca_pem;
    auto downgraded = net::http_request(downgrade);
    REQUIRE_FALSE(downgraded.ok());
    CHECK(downgraded.error() == server.url("https", "/down") +
                                    ": it redirects to an address that is not https (refused: the page would travel unencrypted)");
    CHECK_FALSE(plain_asked);

    request.ca_file = ca.dir / "missing.pem";
    auto missing = net::http_request(request);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error() == request.ca_file + ": no such CA file (give the PEM file of the private CA with --cacert)");
  }
}
