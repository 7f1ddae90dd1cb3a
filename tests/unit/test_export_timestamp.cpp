// RFC 3161 requests, replies and tokens against a real (throwaway) TSA made with `openssl ts`, and
// checked both here and by `openssl ts -verify`.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <fstream>

#include "inwriting/export/timestamp.hpp"
#include "inwriting/util/file.hpp"
#include "inwriting/util/time.hpp"
#include "test_helpers.hpp"

using namespace inwriting;

namespace {

using test::Ran;

// openssl's complaints are part of what the tests read.
Ran run(const std::string& command) { return test::run_command(command + " 2>&1"); }

void write(const std::string& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read(const std::string& path) {
  auto bytes = file::read_all(path);
  return bytes ? *bytes : std::string();
}

// A CA and TSA of its own in a temporary directory, answering through `openssl ts -reply`.
struct TestTsa {
  test::TempDir dir;
  bool made = false;
  TestTsa() {
    made = run("bash '" + std::string(INWRITING_SOURCE_DIR) + "/tests/tools/tsa/make-tsa.sh' '" + dir.path() + "'").status == 0;
  }
  std::string ca_pem() const { return read(dir / "ca.pem"); }
  std::string chain_pem() const { return read(dir / "chain.pem"); }
  std::string reply(std::string_view query_der) const {
    write(dir / "query.tsq", query_der);
    std::remove((dir / "reply.tsr").c_str());
    run("openssl ts -reply -config '" + dir / "openssl.cnf" + "' -queryfile '" + dir / "query.tsq" + "' -out '" +
        dir / "reply.tsr" + "'");
    return read(dir / "reply.tsr");
  }
};

const std::string k_manifest =
    "3b1e6ab0a1d4c1f7e2b4d5a3c9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9  "
    "data/exhibits/EX001.eml\n";

}  // namespace

TEST_SUITE("export.timestamp") {
  TEST_CASE("a request is a SHA-512 imprint with a nonce and asks for the TSA's certificate") {
    test::TempDir dir;
    const auto request = exporter::make_timestamp_request(k_manifest);
    REQUIRE_FALSE(request.der.empty());
    CHECK(request.nonce_hex.size() >= 8);
    CHECK(request.nonce_hex.find_first_not_of("0123456789abcdef") == std::string::npos);
    write(dir / "query.tsq", request.der);
    const Ran text = run("openssl ts -query -in '" + dir / "query.tsq" + "' -text");
    REQUIRE(text.status == 0);
    CHECK(text.out.find("Hash Algorithm: sha512") != std::string::npos);
    CHECK(text.out.find("Certificate required: yes") != std::string::npos);
    std::string upper = request.nonce_hex;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK_MESSAGE(text.out.find(upper) != std::string::npos, text.out);
    CHECK(exporter::make_timestamp_request(k_manifest).nonce_hex != request.nonce_hex);
  }

  TEST_CASE("the TSA's token is read, verifies here, and verifies with openssl ts -verify") {
    TestTsa tsa;
    REQUIRE(tsa.made);
    const auto request = exporter::make_timestamp_request(k_manifest);
    auto token = exporter::read_timestamp_response(tsa.reply(request.der), request);
    REQUIRE_MESSAGE(token.ok(), (token.ok() ? "" : token.error()));
    CHECK(token->tsa_name.find("CN=inwriting throwaway test TSA") != std::string::npos);
    const auto stamped = timeutil::parse_iso_datetime(token->gen_time);
    REQUIRE(stamped.has_value());
    CHECK(token->gen_time.back() == 'Z');
    CHECK(std::llabs(stamped->utc_seconds - static_cast<int64_t>(std::time(nullptr))) < 120);
    // The chain: the TSA's certificate and the CA's, as the [tsa] section's `certs` puts them in.
    size_t certificates = 0;
    for (size_t at = token->chain_pem.find("BEGIN CERTIFICATE"); at != std::string::npos;
         at = token->chain_pem.find("BEGIN CERTIFICATE", at + 1)) {
      ++certificates;
    }
    CHECK(certificates == 2);
    CHECK(token->chain_pem.find(tsa.ca_pem().substr(30, 60)) != std::string::npos);

    const auto check = exporter::verify_timestamp(token->token_der, k_manifest, token->chain_pem);
    CHECK_MESSAGE(check.valid, (check.problems.empty() ? "" : check.problems.front()));
    CHECK(check.gen_time == token->gen_time);
    CHECK(check.tsa_name == token->tsa_name);
    CHECK(exporter::verify_timestamp(token->token_der, k_manifest, tsa.ca_pem()).valid);
    // The authority's own certificate, pinned as published, is enough.
    CHECK(exporter::verify_timestamp(token->token_der, k_manifest, read(tsa.dir / "tsa.pem")).valid);

    write(tsa.dir / "manifest-sha512.txt", k_manifest);
    write(tsa.dir / "token.tst", token->token_der);
    write(tsa.dir / "reply.der", token->response_der);
    const Ran by_openssl = run("openssl ts -verify -data '" + tsa.dir / "manifest-sha512.txt" + "' -in '" + tsa.dir / "token.tst" +
                               "' -token_in -CAfile '" + tsa.dir / "ca.pem" + "'");
    CHECK_MESSAGE(by_openssl.status == 0, by_openssl.out);
    CHECK(by_openssl.out.find("Verification: OK") != std::string::npos);
    const Ran whole_reply = run("openssl ts -verify -data '" + tsa.dir / "manifest-sha512.txt" + "' -in '" + tsa.dir / "reply.der" +
                                "' -CAfile '" + tsa.dir / "ca.pem" + "'");
    CHECK(whole_reply.out.find("Verification: OK") != std::string::npos);
  }

  TEST_CASE("a changed manifest fails, here and with openssl ts -verify") {
    TestTsa tsa;
    REQUIRE(tsa.made);
    const auto request = exporter::make_timestamp_request(k_manifest);
    auto token = exporter::read_timestamp_response(tsa.reply(request.der), request);
    REQUIRE(token.ok());
    std::string changed = k_manifest;
    changed[3] = changed[3] == '0' ? '1' : '0';
    const auto check = exporter::verify_timestamp(token->token_der, changed, token->chain_pem);
    CHECK_FALSE(check.valid);
    REQUIRE(check.problems.size() == 1);
    CHECK(check.problems[0] == "the time-stamp is for other bytes: the stamped file changed after it was stamped");
    CHECK(check.gen_time == token->gen_time);  // still said, so the person knows which stamp failed

    write(tsa.dir / "changed.txt", changed);
    write(tsa.dir / "token.tst", token->token_der);
    const Ran by_openssl = run("openssl ts -verify -data '" + tsa.dir / "changed.txt" + "' -in '" + tsa.dir / "token.tst" +
                               "' -token_in -CAfile '" + tsa.dir / "ca.pem" + "'");
    CHECK(by_openssl.status != 0);
    CHECK(by_openssl.out.find("Verification: FAILED") != std::string::npos);
  }

  TEST_CASE("a signer that does not chain to the trusted certificates, or a broken signature, is a problem") {
    TestTsa tsa;
    TestTsa other;
    REQUIRE(tsa.made);
    REQUIRE(other.made);
    const auto request = exporter::make_timestamp_request(k_manifest);
    auto token = exporter::read_timestamp_response(tsa.reply(request.der), request);
    REQUIRE(token.ok());

    const auto untrusted = exporter::verify_timestamp(token->token_der, k_manifest, other.ca_pem());
    CHECK_FALSE(untrusted.valid);
    REQUIRE(untrusted.problems.size() == 1);
    CHECK(untrusted.problems[0].find("the time-stamp's signature or signer does not check out") == 0);
    // The token carries its own CA, which is not the trusted one.
    CHECK_MESSAGE(untrusted.problems[0].find("certificate verify error: self-signed certificate in certificate chain") !=
                      std::string::npos,
                  untrusted.problems[0]);

    CHECK_FALSE(exporter::verify_timestamp(token->token_der, k_manifest, read(other.dir / "tsa.pem")).valid);

    const auto nothing_trusted = exporter::verify_timestamp(token->token_der, k_manifest, "");
    CHECK_FALSE(nothing_trusted.valid);
    REQUIRE(nothing_trusted.problems.size() == 1);
    CHECK(nothing_trusted.problems[0].find("no trusted certificate") == 0);

    std::string forged = token->token_der;
    forged.back() = static_cast<char>(forged.back() ^ 0x01);  // the last byte of the ECDSA signature
    const auto broken = exporter::verify_timestamp(forged, k_manifest, token->chain_pem);
    CHECK_FALSE(broken.valid);
    REQUIRE_FALSE(broken.problems.empty());
    CHECK(broken.problems.back().find("signature or signer does not check out") != std::string::npos);

    const auto unreadable = exporter::verify_timestamp("not a token", k_manifest, token->chain_pem);
    CHECK_FALSE(unreadable.valid);
    CHECK(unreadable.problems == std::vector<std::string>{"the time-stamp token cannot be read (it is not an RFC 3161 TimeStampToken)"});
  }

  TEST_CASE("an answer to another request, a refusal and a web page are errors that say so") {
    TestTsa tsa;
    REQUIRE(tsa.made);
    const auto request = exporter::make_timestamp_request(k_manifest);
    const std::string reply = tsa.reply(request.der);

    const auto same_bytes_other_nonce = exporter::make_timestamp_request(k_manifest);
    auto replayed = exporter::read_timestamp_response(reply, same_bytes_other_nonce);
    REQUIRE_FALSE(replayed.ok());
    CHECK(replayed.error().find("its nonce differs") != std::string::npos);

    auto other_bytes = exporter::read_timestamp_response(reply, exporter::make_timestamp_request("other bytes"));
    REQUIRE_FALSE(other_bytes.ok());
    CHECK(other_bytes.error().find("stamped other bytes than the ones sent") != std::string::npos);

    // The test TSA takes no SHA-1 (see make-tsa.sh): it answers with a rejection, badAlg.
    write(tsa.dir / "data.txt", k_manifest);
    REQUIRE(run("openssl ts -query -sha1 -data '" + tsa.dir / "data.txt" + "' -out '" + tsa.dir / "sha1.tsq" + "'").status == 0);
    const exporter::TimestampRequest sha1{read(tsa.dir / "sha1.tsq"), ""};
    auto refused = exporter::read_timestamp_response(tsa.reply(sha1.der), sha1);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().find("the time-stamping authority refused the request (status 2") == 0);
    CHECK(refused.error().find("unsupported digest algorithm") != std::string::npos);

    auto page = exporter::read_timestamp_response("<html><body>Hello</body></html>", request);
    REQUIRE_FALSE(page.ok());
    CHECK(page.error().find("is not an RFC 3161 time-stamp response (31 bytes)") != std::string::npos);
  }
}
