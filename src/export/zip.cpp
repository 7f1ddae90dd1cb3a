#include "inwriting/export/zip.hpp"

#include <zip.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "inwriting/export/bagit.hpp"

namespace fs = std::filesystem;

namespace inwriting::exporter {

namespace {

std::string zip_message(zip_t* archive) {
  const char* text = archive ? zip_strerror(archive) : nullptr;
  return text ? text : "unknown error";
}

}  // namespace

Status write_zip(const fs::path& dir, const fs::path& zip_path, int64_t mtime_utc) {
  std::error_code ec;
  if (fs::exists(zip_path, ec)) return make_error(zip_path.string() + ": already exists; choose another output name");
  const std::string top = dir.filename().string();
  std::vector<std::pair<std::string, fs::path>> files;  // name in the zip, file on disk
  std::set<std::string> folders;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string relative = fs::relative(it->path(), dir, ec).generic_string();
    if (it->is_directory(ec)) folders.insert(top + "/" + relative + "/");
    else if (it->is_regular_file(ec)) files.emplace_back(top + "/" + relative, it->path());
  }
  if (ec) return make_error(dir.string() + ": cannot read the bag to zip it: " + ec.message());
  folders.insert(top + "/");
  std::sort(files.begin(), files.end());

  const fs::path partial = zip_path.string() + ".partial";
  fs::remove(partial, ec);
  int error_code = 0;
  zip_t* archive = zip_open(partial.c_str(), ZIP_CREATE | ZIP_EXCL, &error_code);
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, error_code);
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return make_error(zip_path.string() + ": cannot create: " + why);
  }
  auto fail = [&](const std::string& what) {
    std::string why = what + ": " + zip_message(archive);
    zip_discard(archive);
    std::error_code ignored;
    fs::remove(partial, ignored);
    return make_error(zip_path.string() + ": " + why);
  };
  const auto when = static_cast<time_t>(mtime_utc);
  for (const std::string& folder : folders) {
    const zip_int64_t index = zip_dir_add(archive, folder.c_str(), ZIP_FL_ENC_UTF_8);
    if (index < 0 || zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), when, 0) < 0 ||
        zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX, (040755u) << 16) < 0)
      return fail("cannot add " + folder);
  }
  for (const auto& [name, path] : files) {
    zip_source_t* source = zip_source_file(archive, path.c_str(), 0, -1);
    if (!source) return fail("cannot read " + path.string());
    const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      return fail("cannot add " + name);
    }
    const auto i = static_cast<zip_uint64_t>(index);
    if (zip_file_set_mtime(archive, i, when, 0) < 0 || zip_set_file_compression(archive, i, ZIP_CM_DEFLATE, 9) < 0 ||
        zip_file_set_external_attributes(archive, i, 0, ZIP_OPSYS_UNIX, (0100644u) << 16) < 0)
      return fail("cannot add " + name);
  }
  if (zip_close(archive) < 0) return fail("cannot finish writing");
  fs::rename(partial, zip_path, ec);
  if (ec) {
    fs::remove(partial, ec);
    return make_error(zip_path.string() + ": cannot move the finished zip into place");
  }
  return ok_status();
}

Result<fs::path> extract_zip(const fs::path& zip_path, const fs::path& into, uint64_t max_bytes) {
  int error_code = 0;
  zip_t* archive = zip_open(zip_path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error_code);
  if (!archive) return make_error(zip_path.string() + ": not a zip file that can be read (damaged or cut short?)");
  std::unique_ptr<zip_t, void (*)(zip_t*)> closer(archive, [](zip_t* a) { zip_discard(a); });
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  std::string top;
  uint64_t total = 0;
  for (zip_int64_t n = 0; n < count; ++n) {
    const auto i = static_cast<zip_uint64_t>(n);
    zip_stat_t st;
    if (zip_stat_index(archive, i, 0, &st) < 0 || !(st.valid & ZIP_STAT_NAME)) {
      return make_error(zip_path.string() + ": entry " + std::to_string(n + 1) + " cannot be read");
    }
    std::string name = st.name;
    const bool folder = !name.empty() && name.back() == '/';
    if (folder) name.pop_back();
    if (!is_plain_relative_path(name)) {
      return make_error(zip_path.string() + ": entry '" + std::string(st.name) + "' is not a plain relative path; refused");
    }
    zip_uint8_t system = 0;
    zip_uint32_t attributes = 0;
    if (zip_file_get_external_attributes(archive, i, 0, &system, &attributes) == 0 && system == ZIP_OPSYS_UNIX) {
      const zip_uint32_t type = (attributes >> 16) & 0170000u;
      if (type != 0 && type != 0100000u && type != 040000u) {
        return make_error(zip_path.string() + ": entry '" + name + "' is a link or device, not a file; refused");
      }
    }
    const std::string first = name.substr(0, name.find('/'));
    if (top.empty()) top = first;
    if (first != top) return make_error(zip_path.string() + ": holds more than one top folder ('" + top + "', '" + first + "'); a bundle zip has one");
    const fs::path target = into / name;
    std::error_code ec;
    if (folder) {
      fs::create_directories(target, ec);
      if (ec) return make_error(target.string() + ": cannot create: " + ec.message());
      continue;
    }
    total += st.size;
    if (total > max_bytes) return make_error(zip_path.string() + ": unpacks to more than " + std::to_string(max_bytes) + " bytes; refused");
    fs::create_directories(target.parent_path(), ec);
    zip_file_t* entry = zip_fopen_index(archive, i, 0);
    if (!entry) return make_error(zip_path.string() + ": entry '" + name + "' cannot be opened: " + zip_message(archive));
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    char buffer[65536];
    zip_int64_t got = 0;
    uint64_t written = 0;
    while ((got = zip_fread(entry, buffer, sizeof buffer)) > 0) {
      written += static_cast<uint64_t>(got);
      if (written > st.size) break;  // more than it said: refuse below
      out.write(buffer, got);
    }
    zip_fclose(entry);
    out.close();
    if (got < 0 || written != st.size || !out) {
      return make_error(zip_path.string() + ": entry '" + name + "' is damaged (its data does not match its size or checksum)");
    }
  }
  if (top.empty()) return make_error(zip_path.string() + ": empty zip");
  return into / top;
}

}  // namespace inwriting::exporter
