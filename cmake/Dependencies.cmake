# Every dependency is a Debian bookworm package; README.md says what each is for.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3>=3.35)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Threads REQUIRED)

find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
add_library(cli11 INTERFACE)
target_include_directories(cli11 SYSTEM INTERFACE ${CLI11_INCLUDE_DIR})

find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(CURL REQUIRED)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo cairo-pdf)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)

# Debian builds cpp-httplib 0.11 as a shared library (httplib.h holds declarations only), with
# OpenSSL/zlib/brotli compiled in. Its defines are not put on every target (that would rebuild the
# whole tree for two files): src/net/httplib.hpp sets them before including the header.
find_path(HTTPLIB_INCLUDE_DIR httplib.h REQUIRED)
find_library(HTTPLIB_LIBRARY cpp-httplib REQUIRED)
add_library(httplib INTERFACE)
target_include_directories(httplib SYSTEM INTERFACE ${HTTPLIB_INCLUDE_DIR})
target_link_libraries(httplib INTERFACE ${HTTPLIB_LIBRARY} OpenSSL::SSL)
