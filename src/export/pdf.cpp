#include "inwriting/export/pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::exporter {

namespace {

// ---- Owning handles for the C libraries --------------------------------------------------------

template <typename T, auto Free> struct CDeleter {
  void operator()(T* p) const {
    if (p) Free(p);
  }
};
struct GObjectDeleter {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, CDeleter<cairo_surface_t, cairo_surface_destroy>>;
using CairoPtr = std::unique_ptr<cairo_t, CDeleter<cairo_t, cairo_destroy>>;
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, CDeleter<cairo_font_options_t, cairo_font_options_destroy>>;
using FontDescriptionPtr =
    std::unique_ptr<PangoFontDescription, CDeleter<PangoFontDescription, pango_font_description_free>>;
using AttrListPtr = std::unique_ptr<PangoAttrList, CDeleter<PangoAttrList, pango_attr_list_unref>>;
using LayoutIterPtr = std::unique_ptr<PangoLayoutIter, CDeleter<PangoLayoutIter, pango_layout_iter_free>>;
using TabArrayPtr = std::unique_ptr<PangoTabArray, CDeleter<PangoTabArray, pango_tab_array_free>>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectDeleter>;
using FontMapPtr = std::unique_ptr<PangoFontMap, GObjectDeleter>;

// ---- Fonts and page geometry -------------------------------------------------------------------

// DejaVu covers Latin (accents, €, ₿), Loma (fonts-thai-tlwg) Thai and Symbola (fonts-symbola) the
// emoji chats are full of, in outline, so they cost bytes only for the glyphs used. Naming them makes
// the choice the same on every machine with those packages instead of whatever fontconfig falls back to.
constexpr const char* k_title_font = "DejaVu Sans, Loma, Symbola Bold 15";
constexpr const char* k_heading_font = "DejaVu Sans, Loma, Symbola Bold 11";
constexpr const char* k_body_font = "DejaVu Sans, Loma, Symbola 9";
constexpr const char* k_quote_font = "DejaVu Sans, Loma, Symbola 10";
constexpr const char* k_small_font = "DejaVu Sans, Loma, Symbola 7.5";
constexpr const char* k_mono_font = "DejaVu Sans Mono 7";

struct Geometry {
  double width = 0, height = 0;
  double margin_x = 56.7;  // 20 mm
  double body_top = 58, body_bottom = 0;
  double header_baseline = 36, footer_baseline = 0;
  double body_width() const { return width - 2 * margin_x; }
};

Geometry geometry_for(PaperSize paper) {
  Geometry g;
  if (paper == PaperSize::letter) {
    g.width = 612;
    g.height = 792;
  } else {
    g.width = 595.276;
    g.height = 841.89;
  }
  g.body_bottom = g.height - 58;
  g.footer_baseline = g.height - 32;
  return g;
}

// ---- The PDF's own words, per language ---------------------------------------------------------

struct Phrases {
  const char* promises_heading;
  const char* no_promises;
  const char* exhibits_heading;
  const char* not_whole_heading;
  const char* page_of;         // "page {} of {}"
  const char* page;            // "page {}"
  const char* due;             // "due {}"
  const char* left_out_one;    // "{} is in the bag but not in this PDF."
  const char* left_out_many;
  const char* shortened_one;   // "{} is shortened to the lines around its promises; ..."
  const char* shortened_many;
  const char* more_promises;   // "{} more promises ..."
  const char* lines_skipped;   // "[… {} lines not shown ... {} …]"
  const char* intro;
  const char* exhibit_note;    // on a shortened exhibit's first page
  const char* empty_exhibit;
  const char* cover_outline;
  const char* not_in_pdf;      // "{} (in the bag, not in this PDF)"
  const char* rest_not_shown;  // "[… the rest is not shown; ... {} …]"
};

const Phrases k_english = {
    "Promises made",
    "No promises are recorded for this case.",
    "Exhibits in this PDF",
    "Not in this PDF in full",
    "page {} of {}",
    "page {}",
    "due {}",
    "{} is in the bag but not in this PDF.",
    "{} are in the bag but not in this PDF.",
    "{} is shortened to the lines around its promises; the whole conversation is in the bag.",
    "{} are shortened to the lines around their promises; the whole conversations are in the bag.",
    "{} more promises are in the bag but not quoted here.",
    "[… {} lines not shown; the whole conversation is in the bag as {} …]",
    "The original files, with their SHA-256 and SHA-512 hashes, are in the evidence bag this PDF belongs "
    "to. The hashes below identify each exhibit's original file.",
    "Shortened to the lines around its promises; the whole conversation is in the bag.",
    "(no messages)",
    "Cover",
    "{} (in the bag, not in this PDF)",
    "[… the rest is not shown; the whole conversation is in the bag as {} …]",
};

const Phrases k_spanish = {
    "Promesas hechas",
    "No hay promesas registradas para este caso.",
    "Anexos en este PDF",
    "No incluido entero en este PDF",
    "página {} de {}",
    "página {}",
    "vence {}",
    "{} está en el paquete de evidencias, pero no en este PDF.",
    "{} están en el paquete de evidencias, pero no en este PDF.",
    "{} se muestra recortado a las líneas de sus promesas; la conversación completa está en el paquete.",
    "{} se muestran recortados a las líneas de sus promesas; las conversaciones completas están en el paquete.",
    "Otras {} promesas están en el paquete, pero no se citan aquí.",
    "[… {} líneas sin mostrar; la conversación completa está en el paquete como {} …]",
    "Los archivos originales, con sus hashes SHA-256 y SHA-512, están en el paquete de evidencias al que "
    "pertenece este PDF. Los hashes de abajo identifican el archivo original de cada anexo.",
    "Recortado a las líneas de sus promesas; la conversación completa está en el paquete.",
    "(sin mensajes)",
    "Portada",
    "{} (en el paquete, no en este PDF)",
    "[… el resto no se muestra; la conversación completa está en el paquete como {} …]",
};

const Phrases k_thai = {
    "คำสัญญาที่ได้รับ",
    "ไม่มีคำสัญญาที่บันทึกไว้สำหรับเรื่องนี้",
    "เอกสารแนบใน PDF นี้",
    "ส่วนที่ไม่ได้รวมไว้ครบใน PDF นี้",
    "หน้า {} จาก {}",
    "หน้า {}",
    "กำหนด {}",
    "{} อยู่ในชุดหลักฐาน แต่ไม่อยู่ใน PDF นี้",
    "{} อยู่ในชุดหลักฐาน แต่ไม่อยู่ใน PDF นี้",
    "{} แสดงเฉพาะบรรทัดรอบคำสัญญา บทสนทนาฉบับเต็มอยู่ในชุดหลักฐาน",
    "{} แสดงเฉพาะบรรทัดรอบคำสัญญา บทสนทนาฉบับเต็มอยู่ในชุดหลักฐาน",
    "ยังมีคำสัญญาอีก {} รายการในชุดหลักฐาน ที่ไม่ได้ยกมาที่นี่",
    "[… ไม่ได้แสดง {} บรรทัด บทสนทนาฉบับเต็มอยู่ในชุดหลักฐานเป็นไฟล์ {} …]",
    "ไฟล์ต้นฉบับพร้อมค่าแฮช SHA-256 และ SHA-512 อยู่ในชุดหลักฐานที่มาพร้อมกับ PDF นี้ "
    "ค่าแฮชด้านล่างระบุไฟล์ต้นฉบับของเอกสารแนบแต่ละชิ้น",
    "แสดงเฉพาะบรรทัดรอบคำสัญญา บทสนทนาฉบับเต็มอยู่ในชุดหลักฐาน",
    "(ไม่มีข้อความ)",
    "หน้าปก",
    "{} (อยู่ในชุดหลักฐาน ไม่อยู่ใน PDF นี้)",
    "[… ส่วนที่เหลือไม่ได้แสดง บทสนทนาฉบับเต็มอยู่ในชุดหลักฐานเป็นไฟล์ {} …]",
};

const Phrases& phrases_for(std::string_view language) {
  if (language == "es") return k_spanish;
  if (language == "th") return k_thai;
  return k_english;
}

std::string fill(std::string_view pattern, std::initializer_list<std::string> values) {
  std::string out;
  auto next = values.begin();
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.compare(i, 2, "{}") == 0 && next != values.end()) {
      out += *next++;
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

// pango draws nothing for ill-formed UTF-8 and boxes for control characters.
std::string printable(std::string_view raw) {
  const std::string repaired = text::repair_utf8(raw);
  std::string out;
  out.reserve(repaired.size());
  for (char c : repaired) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r') continue;
    if (c == '\t') out += ' ';
    else if (u < 0x20 && c != '\n') out += "\xEF\xBF\xBD";
    else out += c;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

// ---- Layouts and blocks ------------------------------------------------------------------------

enum class Emphasis { bold, italic, highlight };
struct Span {
  size_t begin = 0, end = 0;
  Emphasis emphasis = Emphasis::bold;
};

struct LineMetric {
  double x = 0, height = 0, ascent = 0;  // points; ascent: from the line's top to its baseline
};

// One paragraph-like piece of a page: laid out once, then split between pages at line boundaries.
struct Block {
  LayoutPtr layout;
  std::vector<LineMetric> lines;
  double indent_x = 0;
  double space_before = 0;
  bool new_page = false;        // an exhibit starts on a page of its own
  bool keep_with_next = false;  // on the page of the next block's first line: headings, a message's "who, when" line
  std::string header;           // the page header while this block heads the page
  std::string outline;          // a bookmark to the page this block starts on
  double total_height() const {
    double h = 0;
    for (const auto& line : lines) h += line.height;
    return h;
  }
};

class Typesetter {
public:
  explicit Typesetter(std::string_view language) {
    m_font_map.reset(pango_cairo_font_map_new());
    m_context.reset(pango_font_map_create_context(m_font_map.get()));
    // Glyph positions must not depend on a screen's hinting: what is measured is what is drawn.
    FontOptionsPtr options(cairo_font_options_create());
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(m_context.get(), options.get());
    pango_cairo_context_set_resolution(m_context.get(), 72.0);  // font sizes in points = PDF units
    // The process locale must not pick the fonts: the document's language does.
    const std::string tag = language.empty() ? "en" : std::string(language);
    pango_context_set_language(m_context.get(), pango_language_from_string(tag.c_str()));
    pango_context_set_base_dir(m_context.get(), PANGO_DIRECTION_LTR);
  }

  Block block(const std::string& content, const char* font, double width, const std::vector<Span>& spans = {},
              double hanging_indent = 0) const {
    Block b;
    b.layout.reset(pango_layout_new(m_context.get()));
    PangoLayout* layout = b.layout.get();
    FontDescriptionPtr description(pango_font_description_from_string(font));
    pango_layout_set_font_description(layout, description.get());
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    if (hanging_indent > 0) pango_layout_set_indent(layout, -static_cast<int>(hanging_indent * PANGO_SCALE));
    pango_layout_set_text(layout, content.data(), static_cast<int>(content.size()));
    if (!spans.empty()) {
      AttrListPtr attributes(pango_attr_list_new());
      for (const auto& span : spans) {
        for (PangoAttribute* attribute : make_attributes(span.emphasis)) {
          attribute->start_index = static_cast<guint>(span.begin);
          attribute->end_index = static_cast<guint>(span.end);
          pango_attr_list_insert(attributes.get(), attribute);
        }
      }
      pango_layout_set_attributes(layout, attributes.get());
    }
    measure(b);
    return b;
  }

  // Tab-separated "key<TAB>value" rows with the values aligned at `column`.
  Block table_row(const std::string& content, const char* font, double width, double column,
                  const std::vector<Span>& spans = {}) const {
    Block b = block(content, font, width, spans, column);
    TabArrayPtr tabs(pango_tab_array_new_with_positions(1, FALSE, PANGO_TAB_LEFT, static_cast<int>(column * PANGO_SCALE)));
    pango_layout_set_tabs(b.layout.get(), tabs.get());
    measure(b);
    return b;
  }

private:
  static std::vector<PangoAttribute*> make_attributes(Emphasis emphasis) {
    switch (emphasis) {
      case Emphasis::bold: return {pango_attr_weight_new(PANGO_WEIGHT_BOLD)};
      case Emphasis::italic: return {pango_attr_style_new(PANGO_STYLE_OBLIQUE)};
      case Emphasis::highlight:
        // A marker-pen yellow behind the quote: what the reader at the bank is looking for.
        return {pango_attr_weight_new(PANGO_WEIGHT_BOLD), pango_attr_background_new(0xFFFF, 0xF3F3, 0xA0A0)};
    }
    return {};
  }

  static void measure(Block& b) {
    b.lines.clear();
    LayoutIterPtr iter(pango_layout_get_iter(b.layout.get()));
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter.get(), nullptr, &logical);
      const int baseline = pango_layout_iter_get_baseline(iter.get());
      b.lines.push_back({pango_units_to_double(logical.x), pango_units_to_double(logical.height),
                         pango_units_to_double(baseline - logical.y)});
    } while (pango_layout_iter_next_line(iter.get()));
  }

  FontMapPtr m_font_map;
  ContextPtr m_context;
};

// ---- Flowing blocks into pages -----------------------------------------------------------------

struct PlacedLine {
  const Block* block = nullptr;
  int line = 0;
  double top = 0;
};
struct Page {
  std::vector<PlacedLine> lines;
};
struct Flow {
  std::vector<Page> pages;
  std::map<const Block*, std::vector<int>> line_pages;  // page index (0-based) of each line of a block
};

Flow flow_blocks(const std::vector<const Block*>& blocks, const Geometry& g) {
  Flow flow;
  flow.pages.emplace_back();
  double y = g.body_top;
  const auto next_page = [&] {
    flow.pages.emplace_back();
    y = g.body_top;
  };
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = *blocks[i];
    if (b.new_page && !flow.pages.back().lines.empty()) next_page();
    if (!flow.pages.back().lines.empty()) y += b.space_before;
    if (b.keep_with_next && i + 1 < blocks.size() && !flow.pages.back().lines.empty()) {
      const Block& next = *blocks[i + 1];
      const double needed = b.total_height() + next.space_before + (next.lines.empty() ? 0 : next.lines[0].height);
      if (y + needed > g.body_bottom) next_page();
    }
    auto& pages_of_lines = flow.line_pages[&b];
    for (size_t line = 0; line < b.lines.size(); ++line) {
      if (y + b.lines[line].height > g.body_bottom && !flow.pages.back().lines.empty()) next_page();
      flow.pages.back().lines.push_back({&b, static_cast<int>(line), y});
      pages_of_lines.push_back(static_cast<int>(flow.pages.size()) - 1);
      y += b.lines[line].height;
    }
  }
  if (flow.pages.back().lines.empty() && flow.pages.size() > 1) flow.pages.pop_back();
  return flow;
}

int page_count(const std::vector<Block>& blocks, const Geometry& g) {
  std::vector<const Block*> pointers;
  for (const auto& b : blocks) pointers.push_back(&b);
  return static_cast<int>(flow_blocks(pointers, g).pages.size());
}

// ---- Exhibits: whole, or cut to the lines around their promises --------------------------------

struct QuoteSpot {
  size_t promise = 0;  // index into UploadDocument::promises
  size_t begin = 0, end = 0;  // bytes in the exhibit's printable text
  size_t block = 0;    // once laid out: the block (message line) the quote starts in, `begin` within it
};

struct ExhibitSource {
  std::string text;                // printable
  std::vector<size_t> line_starts;  // byte offset of each line
  std::vector<QuoteSpot> quotes;
  std::set<size_t> promise_lines;   // lines a quote touches
};

size_t line_of(const std::vector<size_t>& line_starts, size_t byte) {
  const auto it = std::upper_bound(line_starts.begin(), line_starts.end(), byte);
  return static_cast<size_t>(it - line_starts.begin()) - 1;
}

// Where the quote is in the text: exactly, else its first words (the extractor may have trimmed or
// joined what the rendering wraps), so the page around it can be kept and the quote marked.
std::optional<std::pair<size_t, size_t>> find_quote(const std::string& haystack, const std::string& quote) {
  if (quote.empty()) return std::nullopt;
  if (const size_t at = haystack.find(quote); at != std::string::npos) return std::make_pair(at, at + quote.size());
  size_t prefix = std::min<size_t>(quote.size(), 40);
  while (prefix > 0 && (static_cast<unsigned char>(quote[prefix]) & 0xC0) == 0x80) --prefix;
  if (prefix < 12) return std::nullopt;
  if (const size_t at = haystack.find(quote.substr(0, prefix)); at != std::string::npos) {
    return std::make_pair(at, at + prefix);
  }
  return std::nullopt;
}

ExhibitSource read_exhibit(const UploadDocument& doc, const PdfExhibit& exhibit) {
  ExhibitSource source;
  source.text = printable(exhibit.text);
  source.line_starts.push_back(0);
  for (size_t i = 0; i < source.text.size(); ++i) {
    if (source.text[i] == '\n') source.line_starts.push_back(i + 1);
  }
  for (size_t p = 0; p < doc.promises.size(); ++p) {
    if (doc.promises[p].exhibit != exhibit.label) continue;
    const auto spot = find_quote(source.text, printable(doc.promises[p].quote));
    if (!spot) continue;
    source.quotes.push_back({p, spot->first, spot->second});
    const size_t last = line_of(source.line_starts, spot->second > spot->first ? spot->second - 1 : spot->first);
    for (size_t line = line_of(source.line_starts, spot->first); line <= last; ++line) source.promise_lines.insert(line);
  }
  return source;
}

constexpr int k_whole = -1;

// How much of a conversation the PDF shows: whole, the lines within `window` of a promise, and at
// most `max_lines` of those (-1: no cap) when even the promise lines alone are too long.
struct Cut {
  int window = k_whole;
  int max_lines = -1;
  auto operator<=>(const Cut&) const = default;
};

struct ExhibitVersion {
  std::vector<Block> blocks;  // heading, file and hash, note, then one per line of the conversation
  int pages = 0;
  bool covers_everything = true;
  std::vector<QuoteSpot> quotes;  // `block` and `begin` locate each
};

ExhibitVersion lay_out_exhibit(const Typesetter& typesetter, const Geometry& g, const Phrases& words,
                               const PdfExhibit& exhibit, const ExhibitSource& source, Cut cut) {
  const int window = cut.window;
  ExhibitVersion version;
  const std::string header = printable(exhibit.label + " · " + exhibit.title);
  const double width = g.body_width();

  std::string body;
  std::vector<Span> spans;
  const size_t line_total = source.line_starts.size();
  const auto line_end = [&](size_t line) {
    return line + 1 < line_total ? source.line_starts[line + 1] : source.text.size();
  };
  std::vector<std::pair<size_t, size_t>> moved;  // for kept lines: (old start, new start)
  if (window == k_whole) {
    body = source.text;
    moved.emplace_back(0, 0);
  } else {
    std::vector<bool> keep(line_total, false);
    if (source.promise_lines.empty()) {
      for (size_t line = 0; line < line_total && line <= static_cast<size_t>(2 * window); ++line) keep[line] = true;
    }
    for (size_t centre : source.promise_lines) {
      const size_t from = centre > static_cast<size_t>(window) ? centre - static_cast<size_t>(window) : 0;
      for (size_t line = from; line < line_total && line <= centre + static_cast<size_t>(window); ++line) keep[line] = true;
    }
    size_t skipped = 0;
    const auto note_skipped = [&] {
      if (skipped == 0) return;
      const size_t begin = body.size();
      body += fill(words.lines_skipped, {std::to_string(skipped), exhibit.file_name}) + "\n";
      spans.push_back({begin, body.size() - 1, Emphasis::italic});
      skipped = 0;
      version.covers_everything = false;
    };
    for (size_t line = 0; line < line_total; ++line) {
      if (!keep[line]) {
        ++skipped;
        continue;
      }
      note_skipped();
      moved.emplace_back(source.line_starts[line], body.size());
      body.append(source.text, source.line_starts[line], line_end(line) - source.line_starts[line]);
    }
    note_skipped();
  }
  while (!body.empty() && body.back() == '\n') body.pop_back();
  if (cut.max_lines >= 0) {
    size_t end = 0;  // just past the last line kept; npos when there are no more lines than that
    for (int kept = 0; kept < cut.max_lines && end != std::string::npos; ++kept) {
      const size_t newline = body.find('\n', end);
      end = newline == std::string::npos ? newline : newline + 1;
    }
    if (end != std::string::npos && end < body.size()) {
      body.resize(end);
      const size_t begin = body.size();
      body += fill(words.rest_not_shown, {exhibit.file_name});
      spans.push_back({begin, body.size(), Emphasis::italic});
      version.covers_everything = false;
    }
  }
  for (const auto& quote : source.quotes) {
    // Each kept line moved as a whole, so a quote whose lines were all kept moves by its first line's shift.
    const auto it = std::find_if(moved.rbegin(), moved.rend(), [&](const auto& m) { return m.first <= quote.begin; });
    if (it == moved.rend()) continue;
    const size_t shift_begin = quote.begin - it->first + it->second;
    const size_t shift_end = shift_begin + (quote.end - quote.begin);
    if (shift_end > body.size() || body.compare(shift_begin, quote.end - quote.begin, source.text, quote.begin,
                                                 quote.end - quote.begin) != 0) {
      continue;
    }
    spans.push_back({shift_begin, shift_end, Emphasis::highlight});
    version.quotes.push_back({quote.promise, shift_begin, shift_end});
  }
  if (body.empty()) body = words.empty_exhibit;

  Block heading = typesetter.block(header, k_heading_font, width);
  heading.new_page = true;
  heading.keep_with_next = true;
  heading.header = header;
  heading.outline = header;
  version.blocks.push_back(std::move(heading));

  const std::string identity = printable(exhibit.file_name) + "   SHA-256 " + exhibit.sha256;
  Block meta = typesetter.block(identity, k_mono_font, width);
  meta.space_before = 2;
  meta.header = header;
  version.blocks.push_back(std::move(meta));

  if (!version.covers_everything) {
    Block note = typesetter.block(words.exhibit_note, k_small_font, width, {{0, std::string(words.exhibit_note).size(), Emphasis::italic}});
    note.space_before = 3;
    note.header = header;
    version.blocks.push_back(std::move(note));
  }

  // One layout per line: pango 1.50 lays a long text out in quadratic time (a 5,000-line chat took
  // seconds), and pages break between lines anyway. Wrapped lines of a message hang under its
  // text, so each message's first line stands out.
  std::vector<size_t> paragraph_starts;
  for (size_t start = 0;;) {
    const size_t end = std::min(body.find('\n', start), body.size());
    std::vector<Span> local;
    for (const auto& span : spans) {
      if (span.end <= start || span.begin >= end) continue;
      local.push_back({std::max(span.begin, start) - start, std::min(span.end, end) - start, span.emphasis});
    }
    Block paragraph = typesetter.block(body.substr(start, end - start), k_body_font, width, local, 18);
    paragraph.space_before = start == 0 ? 8 : 0;
    paragraph.header = header;
    paragraph_starts.push_back(start);
    version.blocks.push_back(std::move(paragraph));
    if (end >= body.size()) break;
    start = end + 1;
  }
  const size_t first_paragraph = version.blocks.size() - paragraph_starts.size();
  // A message's indented text is not left alone at the top of a page, apart from the line naming
  // who said it and when.
  for (size_t i = 0; i + 1 < paragraph_starts.size(); ++i) {
    const size_t next = paragraph_starts[i + 1];
    const size_t next_end = std::min(body.find('\n', next), body.size());
    const bool indented = next < body.size() && body[next] == ' ' &&
                          body.find_first_not_of(' ', next) < next_end;
    version.blocks[first_paragraph + i].keep_with_next = indented;
  }
  for (auto& quote : version.quotes) {
    const size_t index = line_of(paragraph_starts, quote.begin);
    quote.block = first_paragraph + index;
    quote.begin -= paragraph_starts[index];
    quote.end -= paragraph_starts[index];
  }
  version.pages = page_count(version.blocks, g);
  return version;
}

// ---- The cover ---------------------------------------------------------------------------------

enum class Inclusion { left_out, whole, cut };

struct Selection {
  std::vector<Inclusion> inclusion;  // per exhibit
  std::vector<Cut> cut;              // per exhibit, when included
  size_t promises_listed = 0;
};

struct PageNumbers {
  std::vector<int> exhibit_start;       // per exhibit, 1-based; 0: not in the PDF
  std::vector<int> promise_page;        // per promise, 1-based; 0: not in the PDF
};

// While pages are being chosen the numbers are not known yet: two digits keep the width honest.
PageNumbers placeholder_numbers(const UploadDocument& doc) {
  return {std::vector<int>(doc.exhibits.size(), 99), std::vector<int>(doc.promises.size(), 99)};
}

std::string list_labels(const std::vector<std::string>& labels) {
  std::string out;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ", ";
    out += labels[i];
  }
  return out;
}

std::vector<Block> lay_out_cover(const Typesetter& typesetter, const Geometry& g, const Phrases& words,
                                 const UploadDocument& doc, const Selection& selection, const PageNumbers& numbers) {
  std::vector<Block> blocks;
  const double width = g.body_width();
  const std::string header = printable(doc.title);
  const auto add = [&](Block b, double space_before) {
    b.space_before = space_before;
    b.header = header;
    blocks.push_back(std::move(b));
  };

  Block title = typesetter.block(header, k_title_font, width);
  title.outline = words.cover_outline;
  add(std::move(title), 0);

  if (!doc.facts.empty()) {
    std::string rows;
    std::vector<Span> spans;
    for (const auto& [key, value] : doc.facts) {
      if (!rows.empty()) rows += '\n';
      const size_t begin = rows.size();
      rows += printable(key);
      spans.push_back({begin, rows.size(), Emphasis::bold});
      rows += '\t' + printable(value);
    }
    add(typesetter.table_row(rows, k_body_font, width, 120, spans), 10);
  }

  add(typesetter.block(words.promises_heading, k_heading_font, width), 14);
  blocks.back().keep_with_next = true;
  if (doc.promises.empty()) add(typesetter.block(words.no_promises, k_body_font, width), 4);
  for (size_t p = 0; p < selection.promises_listed && p < doc.promises.size(); ++p) {
    const PdfPromise& promise = doc.promises[p];
    Block quote = typesetter.block("“" + printable(promise.quote) + "”", k_quote_font, width - 10);
    quote.indent_x = 10;
    quote.keep_with_next = true;
    add(std::move(quote), 7);
    // Said from the selection, not the page numbers, so the cover measured while choosing is the one drawn.
    const auto exhibit = std::find_if(doc.exhibits.begin(), doc.exhibits.end(),
                                      [&](const PdfExhibit& x) { return !promise.exhibit.empty() && x.label == promise.exhibit; });
    const bool in_pdf = exhibit != doc.exhibits.end() &&
                        selection.inclusion[static_cast<size_t>(exhibit - doc.exhibits.begin())] != Inclusion::left_out;
    std::string where = printable(promise.exhibit);
    if (exhibit != doc.exhibits.end() && !in_pdf) where = fill(words.not_in_pdf, {where});
    if (in_pdf && numbers.promise_page[p] > 0) where += ", " + fill(words.page, {std::to_string(numbers.promise_page[p])});
    const std::string details =
        join({where, printable(promise.said_at), printable(promise.by), printable(promise.kind), printable(promise.amount),
              promise.due.empty() ? std::string() : fill(words.due, {printable(promise.due)}), printable(promise.status)},
             " · ");
    Block line = typesetter.block(details, k_small_font, width - 10);
    line.indent_x = 10;
    add(std::move(line), 1);
  }
  const size_t unlisted = doc.promises.size() - std::min(selection.promises_listed, doc.promises.size());
  if (unlisted > 0) add(typesetter.block(fill(words.more_promises, {std::to_string(unlisted)}), k_body_font, width), 7);

  std::vector<std::string> left_out, shortened;
  for (size_t e = 0; e < doc.exhibits.size(); ++e) {
    if (selection.inclusion[e] == Inclusion::left_out) left_out.push_back(printable(doc.exhibits[e].label));
    if (selection.inclusion[e] == Inclusion::cut) shortened.push_back(printable(doc.exhibits[e].label));
  }

  add(typesetter.block(words.exhibits_heading, k_heading_font, width), 14);
  blocks.back().keep_with_next = true;
  add(typesetter.block(words.intro, k_small_font, width), 3);
  for (size_t e = 0; e < doc.exhibits.size(); ++e) {
    if (selection.inclusion[e] == Inclusion::left_out) continue;
    const PdfExhibit& exhibit = doc.exhibits[e];
    const std::string label = printable(exhibit.label);
    const std::string first =
        label + '\t' + join({fill(words.page, {std::to_string(numbers.exhibit_start[e])}), printable(exhibit.file_name),
                             printable(exhibit.title)},
                            " · ");
    Block row = typesetter.table_row(first, k_body_font, width, 48, {{0, label.size(), Emphasis::bold}});
    row.keep_with_next = true;
    add(std::move(row), 4);
    Block digest = typesetter.block("SHA-256 " + printable(exhibit.sha256), k_mono_font, width - 48);
    digest.indent_x = 48;
    add(std::move(digest), 0);
  }

  if (!left_out.empty() || !shortened.empty()) {
    add(typesetter.block(words.not_whole_heading, k_heading_font, width), 14);
    blocks.back().keep_with_next = true;
    if (!shortened.empty()) {
      const char* pattern = shortened.size() == 1 ? words.shortened_one : words.shortened_many;
      add(typesetter.block(fill(pattern, {list_labels(shortened)}), k_body_font, width), 4);
    }
    if (!left_out.empty()) {
      const char* pattern = left_out.size() == 1 ? words.left_out_one : words.left_out_many;
      add(typesetter.block(fill(pattern, {list_labels(left_out)}), k_body_font, width), 4);
    }
  }
  return blocks;
}

// ---- Drawing -----------------------------------------------------------------------------------

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void draw_line(cairo_t* cr, const Geometry& g, const PlacedLine& placed) {
  const LineMetric& metric = placed.block->lines[static_cast<size_t>(placed.line)];
  cairo_move_to(cr, g.margin_x + placed.block->indent_x + metric.x, placed.top + metric.ascent);
  pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(placed.block->layout.get(), placed.line));
}

void draw_furniture(cairo_t* cr, const Typesetter& typesetter, const Geometry& g, const Phrases& words,
                    const std::string& header, int page, int pages) {
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  const Block top = typesetter.block(header, k_small_font, g.body_width());
  if (!top.lines.empty()) {
    PlacedLine line{&top, 0, g.header_baseline - top.lines[0].ascent};
    draw_line(cr, g, line);
  }
  cairo_set_line_width(cr, 0.4);
  cairo_move_to(cr, g.margin_x, g.header_baseline + 6);
  cairo_line_to(cr, g.width - g.margin_x, g.header_baseline + 6);
  cairo_stroke(cr);

  Block bottom = typesetter.block(fill(words.page_of, {std::to_string(page), std::to_string(pages)}), k_small_font, g.body_width());
  pango_layout_set_alignment(bottom.layout.get(), PANGO_ALIGN_CENTER);
  LayoutIterPtr iter(pango_layout_get_iter(bottom.layout.get()));
  PangoRectangle logical;
  pango_layout_iter_get_line_extents(iter.get(), nullptr, &logical);
  bottom.lines[0].x = pango_units_to_double(logical.x);
  PlacedLine line{&bottom, 0, g.footer_baseline - bottom.lines[0].ascent};
  draw_line(cr, g, line);
  cairo_set_source_rgb(cr, 0, 0, 0);
}

std::string pdf_date(const std::string& created) {
  const auto instant = timeutil::parse_iso_datetime(created);
  if (!instant) return {};
  const int64_t utc = instant->utc_seconds;
  return timeutil::format_iso(utc, std::nullopt) + "Z";
}

Result<std::string> draw_pdf(const Typesetter& typesetter, const Geometry& g, const Phrases& words,
                             const UploadDocument& doc, const std::string& date, const std::vector<const Block*>& blocks,
                             const Flow& flow) {
  std::string bytes;
  SurfacePtr surface(cairo_pdf_surface_create_for_stream(&append_to_string, &bytes, g.width, g.height));
  const std::string title = printable(doc.title);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "inwriting " INWRITING_VERSION);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
  CairoPtr cr(cairo_create(surface.get()));

  const int pages = static_cast<int>(flow.pages.size());
  std::map<const Block*, int> start_page;
  for (int p = 0; p < pages; ++p) {
    const Page& page = flow.pages[static_cast<size_t>(p)];
    const std::string& header = page.lines.empty() ? title : page.lines.front().block->header;
    draw_furniture(cr.get(), typesetter, g, words, header, p + 1, pages);
    for (const auto& line : page.lines) {
      draw_line(cr.get(), g, line);
      start_page.emplace(line.block, p + 1);
    }
    cairo_show_page(cr.get());
  }
  for (const Block* b : blocks) {
    if (b->outline.empty() || !start_page.count(b)) continue;
    const std::string target = "page=" + std::to_string(start_page[b]);
    const std::string name = b->outline;
    cairo_pdf_surface_add_outline(surface.get(), CAIRO_PDF_OUTLINE_ROOT, name.c_str(), target.c_str(),
                                  static_cast<cairo_pdf_outline_flags_t>(0));
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  if (const cairo_status_t status = cairo_surface_status(surface.get()); status != CAIRO_STATUS_SUCCESS) {
    return make_error(std::string("upload PDF: cairo could not write it: ") + cairo_status_to_string(status) +
                      "; check that the cairo and pango packages are installed whole");
  }
  return bytes;
}

// ---- Choosing what fits ------------------------------------------------------------------------

class Renderer {
public:
  Renderer(const UploadDocument& doc, const Phrases& words)
      : m_doc(doc), m_words(words), m_typesetter(doc.language), m_geometry(geometry_for(doc.paper)) {
    for (const auto& exhibit : doc.exhibits) m_sources.push_back(read_exhibit(doc, exhibit));
    m_versions.resize(doc.exhibits.size());
  }

  const ExhibitVersion& version(size_t exhibit, Cut cut) {
    auto& cache = m_versions[exhibit];
    auto it = cache.find(cut);
    if (it == cache.end()) {
      it = cache.emplace(cut, lay_out_exhibit(m_typesetter, m_geometry, m_words, m_doc.exhibits[exhibit], m_sources[exhibit], cut))
               .first;
    }
    return it->second;
  }

  int cover_pages(const Selection& selection) {
    return page_count(lay_out_cover(m_typesetter, m_geometry, m_words, m_doc, selection, placeholder_numbers(m_doc)),
                      m_geometry);
  }

  // Exhibits with promises first, in their order, then the rest: see the three passes below.
  Result<Selection> choose(int max_pages) {
    Selection selection;
    selection.inclusion.assign(m_doc.exhibits.size(), Inclusion::left_out);
    selection.cut.assign(m_doc.exhibits.size(), Cut{});
    selection.promises_listed = m_doc.promises.size();

    // A cover too long for the pages leaves one page for an exhibit, measured with the first exhibit
    // (with promises, if any) in the PDF, as its hash row and "shortened" line lengthen the cover.
    const int cover_room = m_doc.exhibits.empty() ? max_pages : std::max(1, max_pages - 1);
    Selection probe = selection;
    if (!m_doc.exhibits.empty()) {
      const auto first = std::find_if(m_doc.exhibits.begin(), m_doc.exhibits.end(), [](const PdfExhibit& x) { return x.has_promise; });
      probe.inclusion[first == m_doc.exhibits.end() ? 0 : static_cast<size_t>(first - m_doc.exhibits.begin())] = Inclusion::cut;
    }
    if (cover_pages(probe) > cover_room) {
      size_t low = 0, high = m_doc.promises.size();  // the most promises whose cover fits
      while (low < high) {
        probe.promises_listed = (low + high + 1) / 2;
        if (cover_pages(probe) <= cover_room) low = probe.promises_listed;
        else high = probe.promises_listed - 1;
      }
      selection.promises_listed = low;
      if (cover_pages(selection) > max_pages) {
        return make_error("upload PDF: the cover alone needs more than " + std::to_string(max_pages) +
                          " pages; shorten the case's facts or raise the page limit");
      }
    }

    int cover = cover_pages(selection);
    int used = 0;
    // Puts exhibit `e` in as `cut` in place of what it had, if the whole PDF still fits.
    const auto try_version = [&](size_t e, Cut cut) {
      const ExhibitVersion& candidate = version(e, cut);
      if (cut.window != k_whole && candidate.covers_everything) return false;  // the same as whole: tried as whole
      const int before = selection.inclusion[e] == Inclusion::left_out ? 0 : version(e, selection.cut[e]).pages;
      if (cover + used - before + candidate.pages > max_pages) return false;
      const Inclusion old_inclusion = selection.inclusion[e];
      const Cut old_cut = selection.cut[e];
      selection.inclusion[e] = cut.window == k_whole ? Inclusion::whole : Inclusion::cut;
      selection.cut[e] = cut;
      const int cover_with = cover_pages(selection);
      if (cover_with + used - before + candidate.pages > max_pages) {
        selection.inclusion[e] = old_inclusion;
        selection.cut[e] = old_cut;
        return false;
      }
      cover = cover_with;
      used += candidate.pages - before;
      return true;
    };
    std::vector<size_t> with_promises, without;
    for (size_t e = 0; e < m_doc.exhibits.size(); ++e) (m_doc.exhibits[e].has_promise ? with_promises : without).push_back(e);
    // Every promise gets its page before any conversation is shown whole: first each exhibit with
    // promises at the fewest lines that still show them in context (or whole, if that is as short)...
    for (size_t e : with_promises) {
      if (cover + used >= max_pages) break;  // full: the rest are not even laid out (a case of thousands)
      const bool short_anyway = version(e, Cut{10}).covers_everything;
      bool in = false;
      for (int window : {k_whole, 10, 5, 2, 1, 0}) {
        if (window == k_whole && !short_anyway) continue;
        if ((in = try_version(e, Cut{window}))) break;
      }
      // Even its promise lines alone are too long (a chat of hundreds of promises): as many of
      // them as the pages left hold, the most lines that still fit found by halving.
      const int room = max_pages - cover - used;
      if (in || room < 1) continue;
      int fits = 0;
      for (int low = 1, high = static_cast<int>(m_sources[e].line_starts.size()); low <= high;) {
        const int middle = low + (high - low) / 2;
        if (version(e, Cut{0, middle}).pages <= room) {
          fits = middle;
          low = middle + 1;
        } else {
          high = middle - 1;
        }
      }
      if (fits > 0) try_version(e, Cut{0, fits});
    }
    // ...then, in order, each of them grown as far as the pages left allow...
    for (size_t e : with_promises) {
      if (selection.inclusion[e] != Inclusion::cut) continue;
      for (int window : {k_whole, 40, 20}) {
        if (window != k_whole && window <= selection.cut[e].window) break;
        if (try_version(e, Cut{window})) break;
      }
    }
    // ...and the conversations without promises, whole or not at all.
    for (size_t e : without) {
      if (cover + used >= max_pages) break;
      try_version(e, Cut{});
    }
    return selection;
  }

  struct Rendered {
    std::string bytes;
    int pages = 0;
  };

  // The cover names the pages exhibits and quotes are on, which are known only once the cover's own
  // length is: lay it out until the numbers stop moving (twice, in practice).
  Result<Rendered> render(const Selection& selection, const std::string& date) {
    PageNumbers numbers = placeholder_numbers(m_doc);
    for (int attempt = 0;; ++attempt) {
      const std::vector<Block> cover = lay_out_cover(m_typesetter, m_geometry, m_words, m_doc, selection, numbers);
      std::vector<const Block*> blocks;
      for (const auto& b : cover) blocks.push_back(&b);
      std::vector<std::pair<size_t, const ExhibitVersion*>> included;
      for (size_t e = 0; e < m_doc.exhibits.size(); ++e) {
        if (selection.inclusion[e] == Inclusion::left_out) continue;
        const ExhibitVersion& v = version(e, selection.cut[e]);
        included.emplace_back(e, &v);
        for (const auto& b : v.blocks) blocks.push_back(&b);
      }
      const Flow flow = flow_blocks(blocks, m_geometry);

      PageNumbers found{std::vector<int>(m_doc.exhibits.size(), 0), std::vector<int>(m_doc.promises.size(), 0)};
      for (const auto& [e, v] : included) {
        found.exhibit_start[e] = flow.line_pages.at(&v->blocks.front()).front() + 1;
        for (const auto& quote : v->quotes) {
          const Block* paragraph = &v->blocks[quote.block];
          int line = 0, x = 0;
          pango_layout_index_to_line_x(paragraph->layout.get(), static_cast<int>(quote.begin), FALSE, &line, &x);
          const auto& pages_of_lines = flow.line_pages.at(paragraph);
          if (line >= 0 && static_cast<size_t>(line) < pages_of_lines.size()) {
            found.promise_page[quote.promise] = pages_of_lines[static_cast<size_t>(line)] + 1;
          }
        }
      }
      for (size_t p = 0; p < m_doc.promises.size(); ++p) {
        // A quote not found in its exhibit's text still points the reader at the exhibit's first page.
        if (found.promise_page[p] != 0) continue;
        for (const auto& [e, v] : included) {
          if (m_doc.exhibits[e].label == m_doc.promises[p].exhibit) found.promise_page[p] = found.exhibit_start[e];
        }
      }
      if ((found.exhibit_start == numbers.exhibit_start && found.promise_page == numbers.promise_page) || attempt >= 3) {
        auto bytes = draw_pdf(m_typesetter, m_geometry, m_words, m_doc, date, blocks, flow);
        if (!bytes) return Error{bytes.error()};
        return Rendered{std::move(*bytes), static_cast<int>(flow.pages.size())};
      }
      numbers = std::move(found);
    }
  }

private:
  const UploadDocument& m_doc;
  const Phrases& m_words;
  Typesetter m_typesetter;
  Geometry m_geometry;
  std::vector<ExhibitSource> m_sources;
  std::vector<std::map<Cut, ExhibitVersion>> m_versions;
};

}  // namespace

Result<std::pair<std::string, PdfOutcome>> render_upload_pdf(const UploadDocument& doc, const PdfLimits& limits) {
  if (limits.max_pages < 1) return make_error("upload PDF: the page limit must be at least 1");
  const std::string date = pdf_date(doc.created);
  if (date.empty()) {
    return make_error("upload PDF: the creation time '" + doc.created +
                      "' is not an RFC 3339 time; pass one like 2026-11-22T10:00:00Z (it keeps the PDF reproducible)");
  }
  Renderer renderer(doc, phrases_for(doc.language));
  int max_pages = limits.max_pages;
  for (;;) {
    auto selection = renderer.choose(max_pages);
    if (!selection) return Error{selection.error()};
    auto rendered = renderer.render(*selection, date);
    if (!rendered) return Error{rendered.error()};
    // The cover's final page numbers can, rarely, rewrap it a line longer than measured.
    const bool too_many_pages = rendered->pages > limits.max_pages;
    const bool too_big = rendered->bytes.size() > limits.max_bytes;
    if (!too_many_pages && !too_big) {
      PdfOutcome outcome;
      outcome.pages = rendered->pages;
      outcome.bytes = rendered->bytes.size();
      outcome.promises_not_listed = static_cast<int>(doc.promises.size() - selection->promises_listed);
      for (size_t e = 0; e < doc.exhibits.size(); ++e) {
        if (selection->inclusion[e] == Inclusion::whole) continue;
        outcome.shortened.push_back(doc.exhibits[e].label);
        if (selection->inclusion[e] == Inclusion::left_out) outcome.left_out.push_back(doc.exhibits[e].label);
      }
      return std::make_pair(std::move(rendered->bytes), std::move(outcome));
    }
    if (max_pages <= 1 && too_big) {
      return make_error("upload PDF: even its cover is " + std::to_string(rendered->bytes.size()) +
                        " bytes, over the limit of " + std::to_string(limits.max_bytes) +
                        "; raise the limit or shorten the case's facts and promises");
    }
    if (max_pages <= 1) {
      return make_error("upload PDF: even its cover needs " + std::to_string(rendered->pages) + " pages, over the limit of " +
                        std::to_string(limits.max_pages) + "; raise the limit or shorten the case's facts and promises");
    }
    max_pages = std::min(max_pages, rendered->pages) - 1;
  }
}

}  // namespace inwriting::exporter
