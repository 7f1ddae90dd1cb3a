#pragma once
// The served pages and the bookmarklet (capture_server_pages.cpp).
#include <string>

namespace inwriting::net::pages {

// The bookmarklet's script, one line, for a server at `origin`.
std::string bookmarklet_source(const std::string& origin);
// Templates: the index holds @BOOKMARKLET@ and @PORT@, the capture page @TOKEN@.
const char* index_html();
const char* capture_html();
const char* capture_js();
const char* style_css();

}  // namespace inwriting::net::pages
