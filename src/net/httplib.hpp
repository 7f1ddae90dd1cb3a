#pragma once
// cpp-httplib as Debian compiled it: libcpp-httplib.so is built with OpenSSL, zlib and brotli, and
// the header must be read with the same switches (they change the classes' layout). Include this,
// never <httplib.h> directly.
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#ifndef CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#endif
#ifndef CPPHTTPLIB_BROTLI_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#endif
#include <httplib.h>
