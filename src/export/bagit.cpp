#include "inwriting/export/bagit.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <system_error>

#include "inwriting/util/file.hpp"
#include "inwriting/util/hash.hpp"

namespace fs = std::filesystem;

namespace inwriting::exporter {

namespace {

const std::pair<const char*, std::string (*)(std::string_view)> k_algorithms[] = {
    {"sha256", &hash::sha256_hex},
    {"sha512", &hash::sha512_hex},
};

// RFC 8493 §2.1.3: CR, LF and % in a manifest's file paths are percent-encoded.
std::string encode_path(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '%') out += "%25";
    else if (c == '\n') out += "%0A";
    else if (c == '\r') out += "%0D";
    else out += c;
  }
  return out;
}

std::string decode_path(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size()) {
      const std::string hex(path.substr(i + 1, 2));
      if (hex == "25" || hex == "0A" || hex == "0a" || hex == "0D" || hex == "0d") {
        out += hex == "25" ? '%' : (hex == "0A" || hex == "0a") ? '\n' : '\r';
        i += 2;
        continue;
      }
    }
    out += path[i];
  }
  return out;
}

Status write_file(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return make_error(path.parent_path().string() + ": cannot create the directory: " + ec.message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return make_error(path.string() + ": cannot write (disk full?)");
  return ok_status();
}

std::string manifest_text(const std::vector<std::pair<std::string, const std::string*>>& files,
                          std::string (*digest)(std::string_view)) {
  std::string out;
  for (const auto& [name, bytes] : files) out += digest(*bytes) + "  " + encode_path(name) + "\n";
  return out;
}

// A tag file's lines, any of LF, CRLF or CR ending them.
std::vector<std::string> tag_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      lines.push_back(line);
      line.clear();
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      line += text[i];
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

bool is_plain_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == ".." || part.find('\0') != std::string_view::npos ||
        part.find('\\') != std::string_view::npos)
      return false;
    start = end + 1;
  }
  return true;
}

std::string payload_manifest(const std::vector<PayloadFile>& payload, const std::string& algorithm) {
  std::string out;
  for (const PayloadFile& f : payload) out += hash::digest_hex(algorithm, f.bytes) + "  " + encode_path("data/" + f.path) + "\n";
  return out;
}

Status write_bag(const fs::path& dir, const std::vector<PayloadFile>& payload, const BagInfo& info,
                 const std::vector<PayloadFile>& extra_tags) {
  std::error_code ec;
  if (fs::exists(dir, ec)) return make_error(dir.string() + ": already exists; choose another output directory");
  std::set<std::string> seen;
  int64_t octets = 0;
  for (const PayloadFile& f : payload) {
    if (!is_plain_relative_path(f.path)) return make_error("bag payload path '" + f.path + "' is not a plain relative path");
    if (!seen.insert(f.path).second) return make_error("bag payload path '" + f.path + "' is given twice");
    octets += static_cast<int64_t>(f.bytes.size());
  }
  const fs::path staging = dir.string() + ".partial";
  fs::remove_all(staging, ec);
  auto fail = [&](const std::string& message) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    return make_error(message);
  };

  std::vector<std::pair<std::string, const std::string*>> payload_files;
  for (const PayloadFile& f : payload) {
    if (auto written = write_file(staging / "data" / f.path, f.bytes); !written) return fail(written.error());
    payload_files.emplace_back("data/" + f.path, &f.bytes);
  }
  if (payload.empty()) {
    fs::create_directories(staging / "data", ec);
    if (ec) return fail(staging.string() + ": cannot create data/: " + ec.message());
  }
  std::map<std::string, std::string> tags;
  tags["bagit.txt"] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
  std::string bag_info;
  for (const auto& [key, value] : info) {
    if (key.empty() || key.find(':') != std::string::npos || key.find('\n') != std::string::npos)
      return fail("bag-info field name '" + key + "' is not allowed");
    std::string folded = value;  // long values continue on lines that start with whitespace
    for (size_t at = folded.find('\n'); at != std::string::npos; at = folded.find('\n', at + 2)) folded.insert(at + 1, "  ");
    bag_info += key + ": " + folded + "\n";
  }
  bag_info += "Payload-Oxum: " + std::to_string(octets) + "." + std::to_string(payload.size()) + "\n";
  tags["bag-info.txt"] = bag_info;
  for (const auto& [name, digest] : k_algorithms) {
    tags[std::string("manifest-") + name + ".txt"] = manifest_text(payload_files, digest);
  }
  for (const PayloadFile& f : extra_tags) {
    if (!is_plain_relative_path(f.path) || f.path.rfind("data/", 0) == 0 || tags.count(f.path) ||
        f.path.rfind("tagmanifest-", 0) == 0)
      return fail("bag tag file path '" + f.path + "' is not allowed");
    tags[f.path] = f.bytes;
  }
  std::vector<std::pair<std::string, const std::string*>> tag_files;
  for (const auto& [name, bytes] : tags) tag_files.emplace_back(name, &bytes);
  for (const auto& [name, digest] : k_algorithms) {
    tags[std::string("tagmanifest-") + name + ".txt"] = manifest_text(tag_files, digest);
  }
  for (const auto& [name, bytes] : tags) {
    if (auto written = write_file(staging / name, bytes); !written) return fail(written.error());
  }
  fs::rename(staging, dir, ec);
  if (ec) return fail(dir.string() + ": cannot move the finished bag into place: " + ec.message());
  return ok_status();
}

Result<BagCheck> verify_bag(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return make_error(dir.string() + ": not a directory (give the bag's top directory)");
  BagCheck check;
  auto problem = [&](std::string text) { check.problems.push_back(std::move(text)); };
  auto read = [&](const std::string& name) -> std::optional<std::string> {
    if (fs::is_symlink(dir / name, ec)) return std::nullopt;
    auto bytes = file::read_all((dir / name).string());
    if (!bytes) return std::nullopt;
    return std::move(bytes.value());
  };

  if (const auto declaration = read("bagit.txt"); !declaration) {
    problem("bagit.txt: missing");
  } else if (declaration->rfind("\xEF\xBB\xBF", 0) == 0) {
    problem("bagit.txt:1: starts with a byte-order mark, which BagIt does not allow");
  } else {
    // Exactly two lines, nothing around the labels and values (RFC 8493 §2.1.1).
    const auto lines = tag_lines(*declaration);
    auto version_ok = [](const std::string& l) {
      const std::string prefix = "BagIt-Version: ";
      if (l.rfind(prefix, 0) != 0) return false;
      const std::string v = l.substr(prefix.size());
      const size_t dot = v.find('.');
      return dot != std::string::npos && dot > 0 && dot + 1 < v.size() &&
             v.find_first_not_of("0123456789.") == std::string::npos && v.find('.', dot + 1) == std::string::npos;
    };
    auto encoding_ok = [](const std::string& l) {
      const std::string prefix = "Tag-File-Character-Encoding: ";
      return l.rfind(prefix, 0) == 0 && l.size() > prefix.size() && l.find_first_of(" \t", prefix.size()) == std::string::npos;
    };
    if (lines.empty() || !version_ok(lines[0])) problem("bagit.txt:1: not exactly 'BagIt-Version: M.N'");
    else if (lines.size() < 2 || !encoding_ok(lines[1])) problem("bagit.txt:2: not exactly 'Tag-File-Character-Encoding: ENCODING'");
    else if (lines.size() > 2) problem("bagit.txt:3: bagit.txt has only two lines");
  }

  // Every payload file on disk; links are refused (they could point anywhere).
  std::set<std::string> on_disk;
  if (fs::is_directory(dir / "data", ec) && !fs::is_symlink(dir / "data", ec)) {
    for (auto it = fs::recursive_directory_iterator(dir / "data", ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      const std::string relative = it->path().lexically_relative(dir).generic_string();
      if (it->is_symlink(ec)) {
        problem(relative + ": a symbolic link; a bag holds only plain files");
      } else if (it->is_regular_file(ec)) {
        on_disk.insert(relative);
        check.payload_bytes += static_cast<int64_t>(it->file_size(ec));
      }
    }
  } else {
    problem("data/: missing");
  }
  check.payload_files = static_cast<int64_t>(on_disk.size());

  // The manifests present, by kind and algorithm: manifest-sha256.txt, tagmanifest-md5.txt, ...
  std::vector<std::pair<std::string, std::string>> manifests;  // file name, algorithm
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    for (const std::string kind : {"manifest-", "tagmanifest-"}) {
      if (name.rfind(kind, 0) == 0 && name.size() > kind.size() + 4 && name.compare(name.size() - 4, 4, ".txt") == 0) {
        manifests.emplace_back(name, name.substr(kind.size(), name.size() - kind.size() - 4));
      }
    }
  }
  std::sort(manifests.begin(), manifests.end());
  bool any_manifest = false;
  for (const auto& [name, algorithm] : manifests) {
    const bool payload_manifest_file = name.rfind("manifest-", 0) == 0;
    if (hash::digest_hex(algorithm, "").empty()) {
      problem(name + ": the algorithm '" + algorithm + "' is not one inwriting can check (md5, sha1, sha224, sha256, sha384, sha512)");
      continue;
    }
    const auto text = read(name);
    if (!text) {
      problem(name + ": cannot be read");
      continue;
    }
    if (payload_manifest_file) any_manifest = true;
    std::map<std::string, std::string> listed;  // path → checksum
    size_t start = 0;
    int line_number = 0;
    while (start < text->size()) {
      const size_t end = std::min(text->find('\n', start), text->size());
      std::string line = text->substr(start, end - start);
      start = end + 1;
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      const std::string where = name + ":" + std::to_string(line_number);
      const size_t space = line.find_first_of(" \t");
      const size_t path_at = space == std::string::npos ? space : line.find_first_not_of(" \t", space);
      if (space == std::string::npos || path_at == std::string::npos) {
        problem(where + ": not 'CHECKSUM PATH'");
        continue;
      }
      const std::string path = decode_path(line.substr(path_at));
      if (!is_plain_relative_path(path) || (payload_manifest_file && path.rfind("data/", 0) != 0)) {
        problem(where + ": path '" + path + "' is outside the bag's " + (payload_manifest_file ? "payload" : "top directory"));
        continue;
      }
      std::string expected = line.substr(0, space);
      std::transform(expected.begin(), expected.end(), expected.begin(), [](unsigned char c) { return std::tolower(c); });
      if (auto [at, inserted] = listed.emplace(path, expected); !inserted) {
        problem(where + ": " + path + " is listed twice" + (at->second == expected ? "" : " with different checksums"));
        continue;
      }
      const auto bytes = read(path);
      if (!bytes) {
        problem(path + ": listed in " + name + " but missing");
        continue;
      }
      if (hash::digest_hex(algorithm, *bytes) != expected) problem(path + ": " + algorithm + " differs from " + name + " (the file changed)");
    }
    if (payload_manifest_file) {
      for (const std::string& f : on_disk) {
        if (!listed.count(f)) problem(f + ": in the bag but not in " + name + " (a file was added)");
      }
    }
  }
  if (!any_manifest) problem("no payload manifest (manifest-sha512.txt or another)");

  if (const auto info = read("bag-info.txt")) {
    const auto lines = tag_lines(*info);
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string& l = lines[i];
      const bool continuation = !l.empty() && (l[0] == ' ' || l[0] == '\t');
      const size_t colon = l.find(':');
      if ((continuation && i == 0) ||
          (!continuation && (colon == std::string::npos || colon == 0 || l[colon - 1] == ' ' || l[colon - 1] == '\t'))) {
        problem("bag-info.txt:" + std::to_string(i + 1) + ": not 'Label: value' (or a continuation line)");
      }
    }
    const size_t at = info->find("Payload-Oxum: ");
    if (at != std::string::npos && (at == 0 || (*info)[at - 1] == '\n')) {
      const size_t end = info->find('\n', at);
      std::string oxum = info->substr(at + 14, end == std::string::npos ? std::string::npos : end - at - 14);
      if (!oxum.empty() && oxum.back() == '\r') oxum.pop_back();
      const std::string actual = std::to_string(check.payload_bytes) + "." + std::to_string(check.payload_files);
      if (oxum != actual) problem("bag-info.txt: Payload-Oxum " + oxum + " but the payload is " + actual);
    }
  }
  check.valid = check.problems.empty();
  return check;
}

}  // namespace inwriting::exporter
