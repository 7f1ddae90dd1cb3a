#pragma once
// A captured chat on its way in, shared by `capture` (paste, --url) and `serve`: read with the
// right importer (a page that is no chat is still kept, as web text), shown to the user for review
// with the promises it holds, then kept in one batch.
#include <string>

#include "import_pipeline.hpp"
#include "inwriting/net/capture_server.hpp"

namespace inwriting::cli {

enum class CapturedAs { text, html };

// Parses captured bytes. `as` html: the HTML chat reader, else the page's text as a web
// conversation; text: detection, as import does. A chat read from HTML is channel chat unless
// --channel said otherwise (the importer calls any whole page web).
Work prepare_capture(std::string bytes, const std::string& origin, const std::string& name, CapturedAs as,
                     const std::string& format, const model::ImportContext& context, const store::Store* reader);

// What was understood: speakers and roles, messages, and the promises the extractor finds, before
// anything is stored. `ok` false with the parse error when the bytes could not be read.
net::CaptureSummary summarize(const Work& work, const PromiseFinder& finder);

// Keeps the prepared capture and its promises in one batch; the report says kept, duplicate or failed.
SourceReport keep_capture(Work& work, store::Store& store, const PromiseFinder& finder);

}  // namespace inwriting::cli
