#include "inwriting/export/timestamp.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <cctype>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>

#include "inwriting/util/time.hpp"

namespace inwriting::exporter {

namespace {

template <typename T, auto Free> struct Deleter {
  void operator()(T* p) const {
    if (p) Free(p);
  }
};
template <typename T, auto Free> using Owned = std::unique_ptr<T, Deleter<T, Free>>;
using TsReqPtr = Owned<TS_REQ, TS_REQ_free>;
using TsRespPtr = Owned<TS_RESP, TS_RESP_free>;
using TstInfoPtr = Owned<TS_TST_INFO, TS_TST_INFO_free>;
using MsgImprintPtr = Owned<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>;
using AlgorPtr = Owned<X509_ALGOR, X509_ALGOR_free>;
using Pkcs7Ptr = Owned<PKCS7, PKCS7_free>;
using BignumPtr = Owned<BIGNUM, BN_free>;
using IntegerPtr = Owned<ASN1_INTEGER, ASN1_INTEGER_free>;
using BioPtr = Owned<BIO, BIO_free_all>;
using X509Ptr = Owned<X509, X509_free>;
using StorePtr = Owned<X509_STORE, X509_STORE_free>;
using VerifyCtxPtr = Owned<TS_VERIFY_CTX, TS_VERIFY_CTX_free>;
struct X509StackDeleter {
  void operator()(STACK_OF(X509) * stack) const { sk_X509_free(stack); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string der_of_token(PKCS7* token) {
  unsigned char* out = nullptr;
  const int length = i2d_PKCS7(token, &out);
  if (length <= 0) return {};
  std::string der(reinterpret_cast<const char*>(out), static_cast<size_t>(length));
  OPENSSL_free(out);
  return der;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<size_t>(length)) : std::string();
}

// What OpenSSL said, oldest reason first, for a problem line ("certificate verify error: unable to
// get local issuer certificate").
std::string openssl_reasons() {
  std::string out;
  const char* data = nullptr;
  int flags = 0;
  while (const unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
    const char* reason = ERR_reason_error_string(code);
    std::string line = reason ? reason : "error " + std::to_string(ERR_GET_REASON(code));
    if (data && (flags & ERR_TXT_STRING) && *data) {
      std::string_view detail = data;
      if (detail.rfind("Verify error:", 0) == 0) detail.remove_prefix(13);  // says again what `reason` says
      line += ": " + std::string(detail);
    }
    if (!out.empty()) out += "; ";
    out += line;
  }
  return out.empty() ? "no reason given" : out;
}

std::optional<int64_t> seconds_of(const ASN1_GENERALIZEDTIME* time) {
  std::tm tm{};
  if (!time || ASN1_TIME_to_tm(time, &tm) != 1) return std::nullopt;
  return timeutil::days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 86400 + tm.tm_hour * 3600 +
         tm.tm_min * 60 + tm.tm_sec;
}

std::string rfc3339(int64_t utc_seconds) { return timeutil::format_iso(utc_seconds, std::nullopt) + "Z"; }

std::string name_text(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
  return bio_text(bio.get());
}

// The TSA as the token names it (tsa field), else the subject of the certificate that signed it.
std::string tsa_name_of(PKCS7* token, TS_TST_INFO* info) {
  if (GENERAL_NAME* tsa = TS_TST_INFO_get_tsa(info)) {
    if (tsa->type == GEN_DIRNAME) return name_text(tsa->d.directoryName);
    BioPtr bio(BIO_new(BIO_s_mem()));
    GENERAL_NAME_print(bio.get(), tsa);
    return bio_text(bio.get());
  }
  X509StackPtr signers(PKCS7_get0_signers(token, nullptr, 0));
  ERR_clear_error();  // a token without its certificate is not an error here; verify says so
  if (signers && sk_X509_num(signers.get()) > 0) return name_text(X509_get_subject_name(sk_X509_value(signers.get(), 0)));
  return {};
}

STACK_OF(X509) * token_certificates(PKCS7* token) {
  if (!token || !PKCS7_type_is_signed(token) || !token->d.sign) return nullptr;
  return token->d.sign->cert;
}

std::string chain_pem_of(PKCS7* token) {
  STACK_OF(X509)* certs = token_certificates(token);
  if (!certs) return {};
  BioPtr bio(BIO_new(BIO_s_mem()));
  for (int i = 0; i < sk_X509_num(certs); ++i) PEM_write_bio_X509(bio.get(), sk_X509_value(certs, i));
  return bio_text(bio.get());
}

bool same_imprint(const TS_MSG_IMPRINT* a, const TS_MSG_IMPRINT* b) {
  const ASN1_OBJECT* algorithm_a = nullptr;
  const ASN1_OBJECT* algorithm_b = nullptr;
  X509_ALGOR_get0(&algorithm_a, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(const_cast<TS_MSG_IMPRINT*>(a)));
  X509_ALGOR_get0(&algorithm_b, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(const_cast<TS_MSG_IMPRINT*>(b)));
  return algorithm_a && algorithm_b && OBJ_cmp(algorithm_a, algorithm_b) == 0 &&
         ASN1_STRING_cmp(TS_MSG_IMPRINT_get_msg(const_cast<TS_MSG_IMPRINT*>(a)),
                         TS_MSG_IMPRINT_get_msg(const_cast<TS_MSG_IMPRINT*>(b))) == 0;
}

std::string status_text(TS_STATUS_INFO* info) {
  std::string out;
  if (const STACK_OF(ASN1_UTF8STRING)* texts = TS_STATUS_INFO_get0_text(info)) {
    for (int i = 0; i < sk_ASN1_UTF8STRING_num(texts); ++i) {
      const ASN1_UTF8STRING* text = sk_ASN1_UTF8STRING_value(texts, i);
      if (!out.empty()) out += "; ";
      out.append(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)), static_cast<size_t>(ASN1_STRING_length(text)));
    }
  }
  // RFC 3161 §2.4.2 PKIFailureInfo bits, the ones a TSA sends.
  static const std::array<std::pair<int, const char*>, 6> k_failures = {{{TS_INFO_BAD_ALG, "unsupported digest algorithm"},
                                                                        {TS_INFO_BAD_REQUEST, "bad request"},
                                                                        {TS_INFO_BAD_DATA_FORMAT, "bad data format"},
                                                                        {TS_INFO_TIME_NOT_AVAILABLE, "time not available"},
                                                                        {TS_INFO_UNACCEPTED_POLICY, "policy not accepted"},
                                                                        {TS_INFO_SYSTEM_FAILURE, "system failure"}}};
  if (const ASN1_BIT_STRING* bits = TS_STATUS_INFO_get0_failure_info(info)) {
    for (const auto& [bit, meaning] : k_failures) {
      if (ASN1_BIT_STRING_get_bit(bits, bit)) out += (out.empty() ? "" : "; ") + std::string(meaning);
    }
  }
  return out;
}

}  // namespace

TimestampRequest make_timestamp_request(std::string_view data) {
  TimestampRequest request;
  std::array<unsigned char, 64> digest{};
  unsigned int digest_length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &digest_length, EVP_sha512(), nullptr) != 1) return request;

  AlgorPtr algorithm(X509_ALGOR_new());
  MsgImprintPtr imprint(TS_MSG_IMPRINT_new());
  TsReqPtr query(TS_REQ_new());
  std::array<unsigned char, 8> nonce_bytes{};
  if (!algorithm || !imprint || !query || RAND_bytes(nonce_bytes.data(), static_cast<int>(nonce_bytes.size())) != 1) {
    return request;
  }
  X509_ALGOR_set0(algorithm.get(), OBJ_nid2obj(NID_sha512), V_ASN1_NULL, nullptr);
  BignumPtr nonce_number(BN_bin2bn(nonce_bytes.data(), static_cast<int>(nonce_bytes.size()), nullptr));
  IntegerPtr nonce(BN_to_ASN1_INTEGER(nonce_number.get(), nullptr));
  if (!nonce || TS_MSG_IMPRINT_set_algo(imprint.get(), algorithm.get()) != 1 ||
      TS_MSG_IMPRINT_set_msg(imprint.get(), digest.data(), static_cast<int>(digest_length)) != 1 ||
      TS_REQ_set_version(query.get(), 1) != 1 || TS_REQ_set_msg_imprint(query.get(), imprint.get()) != 1 ||
      TS_REQ_set_nonce(query.get(), nonce.get()) != 1 || TS_REQ_set_cert_req(query.get(), 1) != 1) {
    return request;
  }
  unsigned char* der = nullptr;
  const int length = i2d_TS_REQ(query.get(), &der);
  if (length <= 0) return request;
  request.der.assign(reinterpret_cast<const char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  if (char* hex = BN_bn2hex(nonce_number.get())) {
    request.nonce_hex = hex;
    OPENSSL_free(hex);
    for (char& c : request.nonce_hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return request;
}

Result<TimestampToken> read_timestamp_response(std::string_view response_der, const TimestampRequest& request) {
  ERR_clear_error();
  const unsigned char* query_bytes = bytes_of(request.der);
  TsReqPtr query(d2i_TS_REQ(nullptr, &query_bytes, static_cast<long>(request.der.size())));
  if (!query) return make_error("time-stamp request: it cannot be read back; make a new one with make_timestamp_request");

  const unsigned char* reply_bytes = bytes_of(response_der);
  TsRespPtr reply(d2i_TS_RESP(nullptr, &reply_bytes, static_cast<long>(response_der.size())));
  if (!reply) {
    ERR_clear_error();
    return make_error("the time-stamping authority's answer is not an RFC 3161 time-stamp response (" +
                      std::to_string(response_der.size()) + " bytes); check the --timestamp URL");
  }
  TS_STATUS_INFO* status_info = TS_RESP_get_status_info(reply.get());
  const long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(status_info));
  if (status != TS_STATUS_GRANTED && status != TS_STATUS_GRANTED_WITH_MODS) {
    const std::string why = status_text(status_info);
    return make_error("the time-stamping authority refused the request (status " + std::to_string(status) +
                      (why.empty() ? "" : ": " + why) + "); try again later or use another --timestamp URL");
  }
  PKCS7* token = TS_RESP_get_token(reply.get());
  TS_TST_INFO* info = TS_RESP_get_tst_info(reply.get());
  if (!token || !info) return make_error("the time-stamping authority granted the request but sent no token; use another --timestamp URL");
  if (!same_imprint(TS_TST_INFO_get_msg_imprint(info), TS_REQ_get_msg_imprint(query.get()))) {
    return make_error("the time-stamping authority stamped other bytes than the ones sent; do not use this --timestamp URL");
  }
  const ASN1_INTEGER* sent_nonce = TS_REQ_get_nonce(query.get());
  const ASN1_INTEGER* echoed_nonce = TS_TST_INFO_get_nonce(info);
  if (sent_nonce && (!echoed_nonce || ASN1_INTEGER_cmp(sent_nonce, echoed_nonce) != 0)) {
    return make_error("the time-stamping authority's answer is not for this request (its nonce differs: an old or "
                      "replayed answer); try again");
  }
  const auto generated = seconds_of(TS_TST_INFO_get_time(info));
  if (!generated) return make_error("the time-stamping authority's token has no readable time; use another --timestamp URL");

  TimestampToken result;
  result.token_der = der_of_token(token);
  result.response_der = std::string(response_der);
  result.gen_time = rfc3339(*generated);
  result.tsa_name = tsa_name_of(token, info);
  result.chain_pem = chain_pem_of(token);
  if (result.token_der.empty()) return make_error("time-stamp token: OpenSSL could not encode it: " + openssl_reasons());
  return result;
}

TimestampCheck verify_timestamp(std::string_view token_der, std::string_view data, const std::string& trusted_pem) {
  TimestampCheck check;
  ERR_clear_error();
  const unsigned char* token_bytes = bytes_of(token_der);
  Pkcs7Ptr token(d2i_PKCS7(nullptr, &token_bytes, static_cast<long>(token_der.size())));
  TstInfoPtr info(token ? PKCS7_to_TS_TST_INFO(token.get()) : nullptr);
  if (!info) {
    ERR_clear_error();
    check.problems.push_back("the time-stamp token cannot be read (it is not an RFC 3161 TimeStampToken)");
    return check;
  }
  const auto generated = seconds_of(TS_TST_INFO_get_time(info.get()));
  if (generated) check.gen_time = rfc3339(*generated);
  check.tsa_name = tsa_name_of(token.get(), info.get());

  // The bytes: digest them with the token's own algorithm and compare.
  TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(info.get());
  const ASN1_OBJECT* algorithm = nullptr;
  X509_ALGOR_get0(&algorithm, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(imprint));
  const EVP_MD* md = algorithm ? EVP_get_digestbyobj(algorithm) : nullptr;
  if (!md) {
    check.problems.push_back("the time-stamp uses a digest algorithm OpenSSL does not know");
  } else {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    const ASN1_OCTET_STRING* stamped = TS_MSG_IMPRINT_get_msg(imprint);
    if (EVP_Digest(data.data(), data.size(), digest.data(), &length, md, nullptr) != 1 ||
        static_cast<int>(length) != ASN1_STRING_length(stamped) ||
        std::memcmp(digest.data(), ASN1_STRING_get0_data(stamped), length) != 0) {
      check.problems.push_back("the time-stamp is for other bytes: the stamped file changed after it was stamped");
    }
  }

  // The signature and who made it: a time-stamping certificate that chains to a trusted one.
  StorePtr store(X509_STORE_new());
  int trusted = 0;
  {
    BioPtr pem(BIO_new_mem_buf(trusted_pem.data(), static_cast<int>(trusted_pem.size())));
    while (X509Ptr cert{PEM_read_bio_X509(pem.get(), nullptr, nullptr, nullptr)}) {
      if (X509_STORE_add_cert(store.get(), cert.get()) == 1) ++trusted;
    }
    ERR_clear_error();  // the end of the PEM text reads as an error
  }
  if (trusted == 0) {
    check.problems.push_back("no trusted certificate to check the time-stamp's signer against (the bag's chain is missing or not PEM)");
  } else {
    // An old stamp stays good after the TSA's certificate expires: judge the chain at the stamp's time.
    if (generated) X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), static_cast<time_t>(*generated));
    // A person may pin the authority's own or intermediate certificate, as published, not only a root.
    X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN);
    VerifyCtxPtr context(TS_VERIFY_CTX_new());
    TS_VERIFY_CTX_set_flags(context.get(), TS_VFY_SIGNATURE | TS_VFY_VERSION | TS_VFY_SIGNER);
    TS_VERIFY_CTX_set_store(context.get(), store.release());  // the context frees it
    if (TS_RESP_verify_token(context.get(), token.get()) != 1) {
      check.problems.push_back("the time-stamp's signature or signer does not check out: " + openssl_reasons());
    }
  }
  ERR_clear_error();
  check.valid = check.problems.empty();
  return check;
}

}  // namespace inwriting::exporter
