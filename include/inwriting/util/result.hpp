#pragma once
// A value or an error message, for functions that can fail in ordinary ways.
// Exceptions are kept for the program's edge (see src/cli/main.cpp).
#include <string>
#include <utility>
#include <variant>

namespace inwriting {

struct Error {
  std::string message;  // "where: what", e.g. "chat.txt:12: no speaker before the first message"
};

template <typename T> class Result {
public:
  Result(T value) : m_value(std::move(value)) {}
  Result(Error error) : m_value(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(m_value); }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<T>(m_value); }
  const T& value() const& { return std::get<T>(m_value); }
  T&& value() && { return std::get<T>(std::move(m_value)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const std::string& error() const { return std::get<Error>(m_value).message; }

private:
  std::variant<T, Error> m_value;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

inline Error make_error(std::string message) { return Error{std::move(message)}; }

}  // namespace inwriting
