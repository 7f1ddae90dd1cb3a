#include "inwriting/util/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <iterator>

namespace inwriting::file {

Result<int> open_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return make_error(path + ": cannot open: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return make_error(path + ": is a directory");
  }
  return fd;
}

Status read_into(int fd, const std::string& path, std::string& data, size_t limit) {
  struct stat st {};
  if (limit == SIZE_MAX && ::fstat(fd, &st) == 0 && st.st_size > 0) {
    data.reserve(static_cast<size_t>(st.st_size));
  }
  char buffer[1 << 16];
  while (data.size() < limit) {
    const ssize_t n = ::read(fd, buffer, std::min(sizeof buffer, limit - data.size()));
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return make_error(path + ": cannot read: " + std::strerror(errno));
    }
    if (n == 0) {
      break;
    }
    data.append(buffer, static_cast<size_t>(n));
  }
  return ok_status();
}

Result<std::string> read_all(const std::string& path) {
  auto fd = open_file(path);
  if (!fd) {
    return Error{fd.error()};
  }
  std::string data;
  auto read = read_into(*fd, path, data);
  ::close(*fd);
  if (!read) {
    return Error{read.error()};
  }
  return data;
}

Result<std::string> read_stdin() {
  std::string data{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  if (std::cin.bad()) {
    return make_error("-: cannot read standard input");
  }
  return data;
}

Status write_atomic(const std::string& path, std::string_view bytes, int mode) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) {
    return make_error(path + ": cannot create: " + std::strerror(errno));
  }
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return make_error(path + ": cannot write: " + why);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return make_error(path + ": cannot write: " + why);
  }
  return ok_status();
}

Status make_dirs(const std::string& dir, int mode) {
  if (dir.empty()) {
    return ok_status();
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    return S_ISDIR(st.st_mode) ? ok_status() : Status(make_error(dir + ": exists and is not a directory"));
  }
  const size_t slash = dir.find_last_of('/');
  if (slash != std::string::npos && slash > 0) {
    auto parent = make_dirs(dir.substr(0, slash), mode);
    if (!parent) {
      return parent;
    }
  }
  if (::mkdir(dir.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST) {
    return make_error(dir + ": cannot create directory: " + std::strerror(errno));
  }
  return ok_status();
}

}  // namespace inwriting::file
