#include "capture_review.hpp"

#include "inwriting/extract/promises.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::cli {

Work prepare_capture(std::string bytes, const std::string& origin, const std::string& name, CapturedAs as,
                     const std::string& format, const model::ImportContext& context, const store::Store* reader) {
  if (!format.empty()) {
    return prepare("-", std::move(bytes), origin, name, 0, format, context, reader);
  }
  const bool html = as == CapturedAs::html || text::trim(std::string_view(bytes).substr(0, 1024)).starts_with("<");
  Work work = prepare("-", bytes, origin, name, 0, as == CapturedAs::html ? "html-chat" : "", context, reader);
  if (work.report.status == "failed" && html) {
    Work page = prepare("-", std::move(bytes), origin, name, 0, "html-page", context, reader);
    // Neither reading worked: the chat reader's reason says more.
    if (page.report.status != "failed") work = std::move(page);
  }
  if (!context.channel) {
    for (auto& c : work.conversations) {
      if (c.format == "html-chat" && c.message_count() > 0) c.channel = model::Channel::chat;
    }
  }
  return work;
}

net::CaptureSummary summarize(const Work& work, const PromiseFinder& finder) {
  net::CaptureSummary s;
  if (work.report.status == "failed") {
    s.error = work.report.error;
    return s;
  }
  s.ok = true;
  s.status = "understood";
  s.format = work.format;
  for (const auto& c : work.conversations) {
    if (s.channel.empty()) s.channel = std::string(model::to_string(c.channel));
    if (s.company.empty()) s.company = c.company;
    s.messages += c.message_count();
    for (const auto& p : c.participants) {
      s.speakers.push_back({p.name, std::string(model::to_string(p.role))});
    }
    extract::ConversationInput input = extract::input_from_conversation(c);
    if (auto it = finder.company_currency.find(text::to_lower_ascii(input.company)); it != finder.company_currency.end()) {
      input.currency = it->second;
    }
    for (const extract::Promise& p : finder.extractor->extract(input).promises) {
      if (p.retracted_by) continue;  // taken back later in the same chat
      s.promises.push_back({p.kind, p.amount, p.currency, p.due ? timeutil::format_date(*p.due) : std::string(), p.by, p.quote});
    }
  }
  if (work.already_kept) s.status = "duplicate";
  return s;
}

SourceReport keep_capture(Work& work, store::Store& store, const PromiseFinder& finder) {
  if (work.report.status == "failed") {
    return work.report;
  }
  if (auto begun = store.begin_batch(); !begun) {
    SourceReport failed = work.report;
    failed.status = "failed";
    failed.error = begun.error();
    return failed;
  }
  SourceReport report = keep(work, store, finder);
  if (auto committed = store.commit_batch(); !committed) {
    report.status = "failed";
    report.error = committed.error();
    report.conversations.clear();
    report.human_conversations.clear();
  }
  return report;
}

}  // namespace inwriting::cli
