// inwriting verify BAG|ZIP [--tsa-ca FILE] [--json]
// Checks that a bundle is exactly as it was written: BagIt structure, every manifest both ways,
// Payload-Oxum, the tag manifests, and the RFC 3161 time-stamp when there is one. Exit 0 valid,
// 1 invalid (each problem named by file), 2 usage.
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "inwriting/export/bagit.hpp"
#include "inwriting/export/timestamp.hpp"
#include "inwriting/export/zip.hpp"
#include "inwriting/util/file.hpp"

namespace inwriting::cli {

namespace fs = std::filesystem;

struct VerifyOptions {
  std::string path;
  std::string tsa_ca;
  bool json = false;
};

namespace {

constexpr const char* k_token = "timestamp/manifest-sha512.txt.tst";
constexpr const char* k_chain = "timestamp/tsa-chain.pem";

struct TimestampReport {
  bool present = false;
  exporter::TimestampCheck check;
  std::string trusted;  // what the signer was checked against
};

// The time-stamp files must themselves be covered by the tag manifests, or one could be swapped.
void check_timestamp(const fs::path& bag, const VerifyOptions& o, exporter::BagCheck& bag_check, TimestampReport& report) {
  std::error_code ec;
  if (!fs::exists(bag / "timestamp", ec)) return;
  report.present = true;
  auto token = file::read_all((bag / k_token).string());
  auto manifest = file::read_all((bag / "manifest-sha512.txt").string());
  if (!token || !manifest) {
    bag_check.problems.push_back(std::string(k_token) + ": the bag has a timestamp/ folder but not its token and manifest-sha512.txt");
    return;
  }
  std::string trusted;
  if (!o.tsa_ca.empty()) {
    auto ca = file::read_all(o.tsa_ca);
    if (!ca) {
      bag_check.problems.push_back(o.tsa_ca + ": cannot read the --tsa-ca certificate file");
      return;
    }
    trusted = *ca;
    report.trusted = o.tsa_ca;
  } else if (auto chain = file::read_all((bag / k_chain).string())) {
    trusted = *chain;
    report.trusted = std::string(k_chain) + " (the certificates in the bag; compare them with the ones the authority publishes, or give --tsa-ca)";
  }
  report.check = exporter::verify_timestamp(*token, *manifest, trusted);
  for (const auto& p : report.check.problems) bag_check.problems.push_back(std::string(k_token) + ": " + p);
  auto listed = file::read_all((bag / "tagmanifest-sha512.txt").string());
  for (const char* name : {k_token, k_chain, "timestamp/manifest-sha512.txt.tsr"}) {
    if (!fs::exists(bag / name, ec)) continue;
    if (!listed || listed->find(std::string("  ") + name + "\n") == std::string::npos) {
      bag_check.problems.push_back(std::string(name) + ": not listed in tagmanifest-sha512.txt, so it could have been swapped");
    }
  }
}

}  // namespace

int run_verify(const VerifyOptions& o, Io& io) {
  std::error_code ec;
  fs::path bag = o.path;
  std::string unpacked;
  if (fs::is_regular_file(bag, ec)) {
    std::string pattern = (fs::temp_directory_path(ec) / "inwriting-verify-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      io.err << "inwriting: cannot make a temporary directory to unpack " << printable(o.path) << "\n";
      return k_exit_some_failed;
    }
    unpacked = pattern;
    auto top = exporter::extract_zip(bag, unpacked);
    if (!top) {
      fs::remove_all(unpacked, ec);
      io.err << "inwriting: " << printable(top.error()) << "\n";
      return k_exit_some_failed;
    }
    bag = *top;
  }
  auto checked = exporter::verify_bag(bag);
  if (!checked) {
    if (!unpacked.empty()) fs::remove_all(unpacked, ec);
    io.err << "inwriting: " << printable(checked.error()) << "\n";
    return k_exit_some_failed;
  }
  TimestampReport stamp;
  check_timestamp(bag, o, *checked, stamp);
  if (!unpacked.empty()) fs::remove_all(unpacked, ec);
  const bool valid = checked->problems.empty();
  if (o.json) {
    nlohmann::json j = {{"format_version", k_json_format_version},
                        {"bag", o.path},
                        {"valid", valid},
                        {"payload_files", checked->payload_files},
                        {"payload_bytes", checked->payload_bytes},
                        {"problems", checked->problems}};
    j["timestamp"] = stamp.present ? nlohmann::json{{"valid", stamp.check.valid},
                                                    {"time", stamp.check.gen_time},
                                                    {"tsa", stamp.check.tsa_name},
                                                    {"trusted", stamp.trusted}}
                                   : nlohmann::json(nullptr);
    io.out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return valid ? k_exit_ok : k_exit_some_failed;
  }
  if (valid) {
    io.out << "valid: " << printable(o.path) << ": " << checked->payload_files << " files, " << checked->payload_bytes
           << " bytes, every checksum matches\n";
    if (stamp.present) {
      io.out << "time-stamped at " << printable(stamp.check.gen_time) << " by " << printable(stamp.check.tsa_name)
             << "; signer checked against " << printable(stamp.trusted) << "\n";
    }
    return k_exit_ok;
  }
  io.err << "INVALID: " << printable(o.path) << ": " << checked->problems.size() << " problem"
         << (checked->problems.size() == 1 ? "" : "s") << "\n";
  for (const auto& p : checked->problems) io.err << "  " << printable(p) << "\n";
  return k_exit_some_failed;
}

void setup_verify(CLI::App& app, const GlobalOptions& /*global*/, Io& io, CommandState& state) {
  auto o = std::make_shared<VerifyOptions>();
  CLI::App* cmd = app.add_subcommand("verify", "Check that an evidence bundle (a bag folder or its zip) is exactly as it was written");
  cmd->add_option("bag", o->path, "The bag's folder, or the .zip 'inwriting bundle --zip' wrote")->required();
  cmd->add_option("--tsa-ca", o->tsa_ca, "Check the time-stamp's signer against this CA certificate (PEM) instead of the one in the bag");
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o, &io, &state] { state.exit_code = run_verify(*o, io); });
}

}  // namespace inwriting::cli
