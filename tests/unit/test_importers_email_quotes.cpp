// An email body's quoted history split into the messages it quotes; signatures and legal footers.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "importers/email_quotes.hpp"
#include "inwriting/util/text.hpp"

using namespace inwriting;
using importers::QuotedMessage;
using importers::SplitOptions;

namespace {

std::vector<QuotedMessage> split(const std::string& body, const SplitOptions& options = {}) {
  return importers::split_quoted_history(body, options);
}

std::string iso(const QuotedMessage& m) {
  return m.time ? m.time->iso() : std::string("(none)");
}

std::string signature_of(const QuotedMessage& m) {
  return m.signature_at == std::string::npos ? std::string() : m.text.substr(m.signature_at);
}

std::string words_of(const QuotedMessage& m) {
  return m.text.substr(0, std::min(m.signature_at, m.text.size()));
}

std::string signature_name(const std::string& text) {
  std::string name;
  importers::find_signature(text, &name);
  return name;
}

std::string from_signature(const std::string& text) {
  const size_t at = importers::find_signature(text, nullptr);
  return at == std::string::npos ? std::string("(none)") : text.substr(at);
}

std::string loose(const std::string& text, bool month_first = true) {
  const auto t = importers::parse_loose_date_time(text, month_first);
  return t ? t->iso() : std::string("(none)");
}

// The text/plain part of /work/shared/corpus/dev/en-email-thread-tunely-refund.eml, quoted-printable decoded.
const std::string k_tunely = R"body(Hi Ravi,

Thanks for your patience, and I'm sorry this has dragged on. I checked with our payments team: the refund went out to your Visa on March 9 (refund reference RF-20931). Some banks take the full 10 business days to post it, so it should show up any day now.

Since it has taken longer than it should have, I've applied a $9.99 credit to your Tunely account, which covers a month of Premium if you ever come back.

About the $4.99 foreign transaction fee on your statement: we're unable to refund that, as it was charged by your card issuer, not by Tunely.

Best,
Owen
Tunely Support
Ticket #TN-558102

On Mon, Mar 23, 2026 at 8:15 PM Ravi Menon <ravi.menon@example.net> wrote:
> Hi,
>
> It's been two weeks. Your email said:
>
> > We have issued a refund of $49.99 to your card; please allow 5-10 business days
>
> and I still don't see anything. I want my money back today or I'm filing a
> chargeback with my bank.
>
> Ravi
>
> On Mon, Mar 9, 2026 at 11:02 AM Hannah from Tunely <support@tunely.example>
> wrote:
>
>> Hi Ravi,
>>
>> Thanks for reaching out, and sorry about the unexpected renewal.
>> We have issued a refund of $49.99 to your card; please allow 5-10 business days
>> for it to appear on your statement. I've also cancelled your subscription,
>> so you won't be charged again.
>>
>> Best,
>> Hannah
>> Tunely Support
>> Ticket #TN-558102
>>
>> On Sun, Mar 8, 2026 at 10:47 PM Ravi Menon <ravi.menon@example.net> wrote:
>>
>>> Hi, I was just charged $49.99 for an annual renewal I didn't ask for
>>> (order TN-2026-0308-4471). I haven't used Tunely since last summer.
>>> Please cancel my subscription and refund the charge.
>>>
>>> Ravi
>>>
>>
)body";

// The text/plain part (8bit UTF-8) of /work/shared/corpus/dev/es-hilo-correo-luzclara-reembolso.eml.
const std::string k_luz_clara = R"body(Estimada Sra. Navarro:

Le confirmamos que el pasado 26 de febrero Luz Clara le reembolsó 62,37 € mediante transferencia a la cuenta que termina en 4410. Según nos indica el banco, la operación puede tardar hasta 2 días en reflejarse. Adjuntamos el justificante.

Lamentamos las molestias ocasionadas por la lectura estimada. Como compensación, le aplicaremos un descuento de 10,00 € en su próxima factura.

Respecto a su solicitud de darse de baja, le informamos de que no es posible cancelar el contrato sin penalización antes del 30/09/2026, tal y como recogen las condiciones generales de su tarifa.

Atentamente,

Irene Campos
Departamento de Atención al Cliente
Luz Clara Energía, S.L.
Expediente: LC-RC-2026-01187
Tel. 900 000 000 (lunes a viernes de 9:00 a 19:00)

________________________________
De: Carmen Navarro <carmen.navarro@example.es>
Enviado el: viernes, 27 de febrero de 2026 19:42
Para: Atención al Cliente Luz Clara <clientes@luzclara.example>
Asunto: Re: Reclamación factura enero - Expediente LC-RC-2026-01187

Buenas tardes:

Ya han pasado más de 10 días hábiles desde su correo y no he recibido nada. Me dijeron textualmente:

> Le reembolsaremos 62,37 € en un plazo de 10 días hábiles

Quiero una solución ya y, si no, me doy de baja.

Carmen Navarro

El jue, 5 feb 2026 a las 12:16, Luz Clara Energía - Atención al Cliente (<
clientes@luzclara.example>) escribió:

> Estimada Sra. Navarro:
>
> Tras revisar su reclamación, hemos comprobado que la factura de enero se
> emitió con una lectura estimada incorrecta. Hemos emitido una factura
> rectificativa (n.º FR-2026-004512).
> Le reembolsaremos 62,37 € en un plazo de 10 días hábiles en la cuenta
> bancaria donde tiene domiciliados los recibos.
>
> Atentamente,
> Irene Campos
> Luz Clara Energía
> Expediente: LC-RC-2026-01187
>
> El mar, 3 feb 2026 a las 9:05, Carmen Navarro (<carmen.navarro@example.es>)
> escribió:
>
>> Hola, la factura de enero me ha llegado por 148,90 € cuando siempre pago
>> unos 85 €. Han puesto una lectura estimada y el contador marca mucho menos.
>> Adjunto foto del contador. Quiero que me devuelvan la diferencia.
>> Contrato: CT-0099318
>>
>

AVISO LEGAL: Este mensaje y sus archivos adjuntos van dirigidos exclusivamente a su destinatario y pueden contener información confidencial. Si no es usted el destinatario indicado, le rogamos que lo comunique al remitente y proceda a su eliminación. En cumplimiento del RGPD, le informamos de que sus datos serán tratados por Luz Clara Energía, S.L. con la finalidad de gestionar la relación contractual.
)body";

bool has_line_starting(const std::string& text, const std::string& prefix) {
  for (auto line : text::split_lines(text)) {
    if (line.starts_with(prefix)) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_SUITE("importers::email_quotes") {
  TEST_CASE("quotes: a body without quoted history is one top message") {
    const auto parts = split("Hi,\n\nMy order 4471 never arrived. Can you check?\n\nThanks,\nAna Ruiz\n");
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].kind == QuotedMessage::Kind::top);
    CHECK(parts[0].text == "Hi,\n\nMy order 4471 never arrived. Can you check?\n\nThanks,\nAna Ruiz");
    CHECK(signature_of(parts[0]) == "Thanks,\nAna Ruiz");
    CHECK(parts[0].signature_name == "Ana Ruiz");
    CHECK(parts[0].first_line == 1);
    CHECK(parts[0].last_line == 6);
    CHECK_FALSE(parts[0].time);

    const auto empty = split("");
    REQUIRE(empty.size() == 1);
    CHECK(empty[0].text.empty());
    CHECK(empty[0].signature_at == std::string::npos);
  }

  TEST_CASE("quotes: Tunely thread: Gmail English attributions, nested levels, an inline quote") {
    const auto parts = split(k_tunely);
    REQUIRE(parts.size() == 4);

    const auto& owen = parts[0];
    CHECK(owen.kind == QuotedMessage::Kind::top);
    CHECK(owen.text.starts_with("Hi Ravi,\n\nThanks for your patience"));
    CHECK(owen.text.ends_with("Best,\nOwen\nTunely Support\nTicket #TN-558102"));
    CHECK(signature_of(owen).starts_with("Best,\nOwen"));
    CHECK(owen.signature_name == "Owen");
    CHECK(owen.first_line == 1);
    CHECK(owen.last_line == 12);
    CHECK(owen.text.find("wrote:") == std::string::npos);

    const auto& ravi = parts[1];
    CHECK(ravi.kind == QuotedMessage::Kind::reply);
    CHECK(ravi.author_name == "Ravi Menon");
    CHECK(ravi.author_address == "ravi.menon@example.net");
    CHECK(iso(ravi) == "2026-03-23T20:15:00");
    CHECK(ravi.text.starts_with("Hi,\n\nIt's been two weeks. Your email said:\n\n"));
    // Words Ravi quotes without an attribution stay his, marked as quoted.
    CHECK(has_line_starting(ravi.text, "> We have issued a refund of $49.99 to your card"));
    CHECK(ravi.text.find("chargeback with my bank.") != std::string::npos);
    CHECK(ravi.text.ends_with("Ravi"));
    CHECK(ravi.text.find("Hannah") == std::string::npos);
    CHECK(ravi.text.find("On Mon") == std::string::npos);
    CHECK(ravi.signature_name == "Ravi");
    CHECK(ravi.first_line == 15);
    CHECK(ravi.last_line == 24);

    const auto& hannah = parts[2];
    CHECK(hannah.author_name == "Hannah from Tunely");
    CHECK(hannah.author_address == "support@tunely.example");
    CHECK(iso(hannah) == "2026-03-09T11:02:00");
    CHECK(hannah.text.starts_with("Hi Ravi,\n\nThanks for reaching out"));
    CHECK(hannah.text.find(">") == std::string::npos);
    CHECK(hannah.signature_name == "Hannah");
    CHECK(signature_of(hannah) == "Best,\nHannah\nTunely Support\nTicket #TN-558102");
    CHECK(words_of(hannah).find("We have issued a refund of $49.99") != std::string::npos);

    const auto& first = parts[3];
    CHECK(first.author_name == "Ravi Menon");
    CHECK(iso(first) == "2026-03-08T22:47:00");
    CHECK(first.text ==
          "Hi, I was just charged $49.99 for an annual renewal I didn't ask for\n"
          "(order TN-2026-0308-4471). I haven't used Tunely since last summer.\n"
          "Please cancel my subscription and refund the charge.\n\nRavi");
    CHECK(first.first_line == 43);
    CHECK(first.last_line == 47);
  }

  TEST_CASE("quotes: CRLF line ends and directional marks read the same") {
    std::string crlf;
    for (char c : k_tunely) {
      crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    const auto parts = split("\u200F" + crlf);
    REQUIRE(parts.size() == 4);
    CHECK(parts[0].signature_name == "Owen");
    CHECK(parts[2].author_name == "Hannah from Tunely");
    CHECK(iso(parts[3]) == "2026-03-08T22:47:00");
    CHECK(parts[3].text.find('\r') == std::string::npos);
  }

  TEST_CASE("quotes: the zone hint gives attribution times their offset") {
    SplitOptions options;
    options.zone_hint_minutes = -420;
    const auto parts = split(k_tunely, options);
    REQUIRE(parts.size() == 4);
    CHECK_FALSE(parts[0].time);
    CHECK(iso(parts[1]) == "2026-03-23T20:15:00-07:00");
    CHECK(iso(parts[2]) == "2026-03-09T11:02:00-07:00");
    CHECK(iso(parts[3]) == "2026-03-08T22:47:00-07:00");
    CHECK(parts[1].time->offset_minutes == -420);
  }

  TEST_CASE("quotes: Luz Clara thread: Outlook De:/Enviado el: block, Gmail Spanish, legal footer below") {
    const auto parts = split(k_luz_clara);
    REQUIRE(parts.size() == 4);

    const auto& irene = parts[0];
    CHECK(irene.kind == QuotedMessage::Kind::top);
    CHECK(irene.text.starts_with("Estimada Sra. Navarro:"));
    CHECK(irene.signature_name == "Irene Campos");
    CHECK(irene.signature_at == irene.text.find("Atentamente,"));
    // The notice Exchange appended below the whole quoted chain is hers, marked as footer.
    const size_t notice = irene.text.find("AVISO LEGAL: Este mensaje y sus archivos adjuntos");
    REQUIRE(notice != std::string::npos);
    CHECK(irene.signature_at <= notice);
    CHECK(irene.text.find("Tel. 900 000 000 (lunes a viernes de 9:00 a 19:00)\n\nAVISO LEGAL") !=
          std::string::npos);
    CHECK(irene.text.ends_with("gestionar la relación contractual."));
    CHECK(irene.text.find("____") == std::string::npos);
    CHECK(irene.text.find("De: Carmen") == std::string::npos);
    CHECK(words_of(irene).find("le aplicaremos un descuento de 10,00 €") != std::string::npos);

    const auto& carmen = parts[1];
    CHECK(carmen.kind == QuotedMessage::Kind::reply);
    CHECK(carmen.author_name == "Carmen Navarro");
    CHECK(carmen.author_address == "carmen.navarro@example.es");
    CHECK(iso(carmen) == "2026-02-27T19:42:00");
    CHECK(carmen.subject == "Re: Reclamación factura enero - Expediente LC-RC-2026-01187");
    CHECK(carmen.text.starts_with("Buenas tardes:\n\nYa han pasado"));
    CHECK(has_line_starting(carmen.text, "> Le reembolsaremos 62,37 € en un plazo de 10 días hábiles"));
    CHECK(carmen.text.ends_with("Quiero una solución ya y, si no, me doy de baja.\n\nCarmen Navarro"));
    CHECK(carmen.text.find("AVISO") == std::string::npos);
    CHECK(carmen.text.find("escribió") == std::string::npos);
    CHECK(carmen.signature_name == "Carmen Navarro");

    const auto& luz = parts[2];
    CHECK(luz.author_name == "Luz Clara Energía - Atención al Cliente");
    CHECK(luz.author_address == "clientes@luzclara.example");
    CHECK(iso(luz) == "2026-02-05T12:16:00");
    CHECK(luz.signature_name == "Irene Campos");
    CHECK(words_of(luz).find("Le reembolsaremos 62,37 €") != std::string::npos);
    CHECK(luz.text.find("Hola, la factura") == std::string::npos);

    const auto& first = parts[3];
    CHECK(first.author_name == "Carmen Navarro");
    CHECK(first.author_address == "carmen.navarro@example.es");
    CHECK(iso(first) == "2026-02-03T09:05:00");
    CHECK(first.text.starts_with("Hola, la factura de enero"));
    CHECK(first.text.ends_with("Contrato: CT-0099318"));

    SplitOptions madrid;
    madrid.zone_hint_minutes = 60;
    CHECK(iso(split(k_luz_clara, madrid)[1]) == "2026-02-27T19:42:00+01:00");
  }

  TEST_CASE("quotes: Gmail English attribution wrapped over two or three lines") {
    const auto parts = split(
        "Any news?\n\n"
        "On Mon, Mar 9, 2026 at 11:02 AM Hannah from\n"
        "Tunely <support@tunely.\n"
        "example> wrote:\n\n"
        "> Your refund is on its way.\n");
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].text == "Any news?");
    CHECK(parts[1].author_name == "Hannah from Tunely");
    CHECK(parts[1].author_address == "support@tunely.example");
    CHECK(iso(parts[1]) == "2026-03-09T11:02:00");
    CHECK(parts[1].text == "Your refund is on its way.");

    const auto two = split(
        "Ok.\n\nOn Mon, Mar 9, 2026 at 11:02 AM Hannah from Tunely <support@tunely.example>\nwrote:\n> Hi\n");
    REQUIRE(two.size() == 2);
    CHECK(two[1].author_name == "Hannah from Tunely");
    CHECK(two[1].text == "Hi");
  }

  TEST_CASE("quotes: short, Apple Mail, Thunderbird and 24-hour attributions") {
    struct Case {
      const char* attribution;
      const char* name;
      const char* address;
      const char* when;
    };
    const Case cases[] = {
        {"On 3/9/26, 11:02 AM, Hannah Lee wrote:", "Hannah Lee", "", "2026-03-09T11:02:00"},
        {"On Mar 9, 2026, at 11:02, Hannah Lee <hannah@tunely.example> wrote:", "Hannah Lee",
         "hannah@tunely.example", "2026-03-09T11:02:00"},
        {"On 13/03/2026 11:02, Hannah Lee wrote:", "Hannah Lee", "", "2026-03-13T11:02:00"},
        {"On Mon, 9 Mar 2026 at 23:02, Hannah Lee <hannah@tunely.example> wrote:", "Hannah Lee",
         "hannah@tunely.example", "2026-03-09T23:02:00"},
        {"On Mon, Mar 9, 2026 at 12:05 AM \"Hannah Lee\" <hannah@tunely.example> wrote:", "Hannah Lee",
         "hannah@tunely.example", "2026-03-09T00:05:00"},
        {"On 2026-03-09 11:02, Hannah Lee wrote:", "Hannah Lee", "", "2026-03-09T11:02:00"},
        {"On 3/9/26, Hannah Lee wrote:", "Hannah Lee", "", "2026-03-09"},
        {"On Mar 9, 2026, May Tan <may@example.org> wrote:", "May Tan", "may@example.org", "2026-03-09"},
        {"On 9 Mar 2026, at 11:02, Amanda Ruiz wrote:", "Amanda Ruiz", "", "2026-03-09T11:02:00"},
        {"On Mon, 9 Mar 2026 11:02:13 +0100, Hannah Lee <hannah@tunely.example> wrote:", "Hannah Lee",
         "hannah@tunely.example", "2026-03-09T11:02:13+01:00"},
        {"Hannah Lee <hannah@tunely.example> wrote:", "Hannah Lee", "hannah@tunely.example", "(none)"},
        {"On Monday, March 9, 2026, 08:15:12 PM PDT, Hannah Lee <hannah@tunely.example> wrote:", "Hannah Lee",
         "hannah@tunely.example", "2026-03-09T20:15:12-07:00"},
        {"On Mon, Mar 9, 2026 at 8:15 PM, Hannah Lee <hannah@tunely.example> wrote:", "Hannah Lee",
         "hannah@tunely.example", "2026-03-09T20:15:00"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.attribution);
      const auto parts =
          split(std::string("Thanks.\n\n") + c.attribution + "\n> The refund is on its way.\n");
      REQUIRE(parts.size() == 2);
      CHECK(parts[0].text == "Thanks.");
      CHECK(parts[1].author_name == c.name);
      CHECK(parts[1].author_address == c.address);
      CHECK(iso(parts[1]) == c.when);
      CHECK(parts[1].text == "The refund is on its way.");
    }
  }

  TEST_CASE("quotes: numeric dates: a part over 12, the date order given, what is older, the language") {
    const std::string thunderbird = "Any news?\n\nOn 09/03/2026 11:02, Hannah Lee wrote:\n> Soon.\n";
    CHECK(iso(split(thunderbird)[1]) == "2026-09-03T11:02:00");  // English: month first
    SplitOptions dmy;
    dmy.date_order = model::ImportContext::DateOrder::dmy;
    CHECK(iso(split(thunderbird, dmy)[1]) == "2026-03-09T11:02:00");
    // Quoted in an email of 10 March, 3 September cannot be.
    SplitOptions dated;
    dated.email_date = timeutil::Date{2026, 3, 10};
    CHECK(iso(split(thunderbird, dated)[1]) == "2026-03-09T11:02:00");
    // Spanish words around: day first.
    CHECK(iso(split("Vale.\n\nEl 05/02/2026 a las 12:16, Luz Clara escribió:\n> Hola\n")[1]) ==
          "2026-02-05T12:16:00");
    SplitOptions mdy;
    mdy.date_order = model::ImportContext::DateOrder::mdy;
    CHECK(iso(split("Vale.\n\nEl 05/02/2026 a las 12:16, Luz Clara escribió:\n> Hola\n", mdy)[1]) ==
          "2026-05-02T12:16:00");
    // The level above settles the level below: quoted by a message of 10 February, "02/05" is 5 February.
    const auto chain = split(
        "Gracias.\n\n"
        "El mar, 10 feb 2026 a las 9:00, Luz Clara <clientes@luzclara.example> escribió:\n"
        "> Lo revisamos.\n>\n"
        "> El 02/05/2026 a las 10:00, Carmen Navarro <carmen.navarro@example.es> escribió:\n"
        ">> Mi factura está mal.\n");
    REQUIRE(chain.size() == 3);
    CHECK(iso(chain[1]) == "2026-02-10T09:00:00");
    CHECK(iso(chain[2]) == "2026-02-05T10:00:00");
  }

  TEST_CASE("quotes: Gmail Spanish attributions") {
    const auto parts = split(
        "Sigo esperando.\n\n"
        "El mar, 3 feb 2026 a las 9:05, Carmen Navarro (<carmen.navarro@example.es>)\n"
        "escribió:\n\n"
        "> Hola, la factura de enero está mal.\n");
    REQUIRE(parts.size() == 2);
    CHECK(parts[1].author_name == "Carmen Navarro");
    CHECK(parts[1].author_address == "carmen.navarro@example.es");
    CHECK(iso(parts[1]) == "2026-02-03T09:05:00");
    CHECK(parts[1].text == "Hola, la factura de enero está mal.");

    const auto pm = split(
        "Ok\n\nEl jue, 5 feb 2026 a las 12:16 p. m., Luz Clara <clientes@luzclara.example> escribió:\n> "
        "Hola\n");
    REQUIRE(pm.size() == 2);
    CHECK(iso(pm[1]) == "2026-02-05T12:16:00");
    CHECK(pm[1].author_name == "Luz Clara");

    const auto am = split(
        "Ok\n\nEl vie, 6 mar 2026 a las 9:05 a. m., Luz Clara <clientes@luzclara.example> escribió:\n> "
        "Hola\n");
    REQUIRE(am.size() == 2);
    CHECK(iso(am[1]) == "2026-03-06T09:05:00");

    const auto wrapped_name = split(
        "Ok\n\nEl jue, 5 feb 2026 a las 12:16, Luz Clara Energía - Atención al\n"
        "Cliente (<clientes@luzclara.example>) escribió:\n> Hola\n");
    REQUIRE(wrapped_name.size() == 2);
    CHECK(wrapped_name[1].author_name == "Luz Clara Energía - Atención al Cliente");
    CHECK(wrapped_name[1].author_address == "clientes@luzclara.example");
  }

  TEST_CASE("quotes: Gmail Thai attributions, Buddhist-era years, Thai digits") {
    const auto parts = split(
        "ยังไม่ได้รับเงินคืนค่ะ\n\n"
        "เมื่อ วันจันทร์ที่ ๙ มี.ค. ๒๕๖๙ เวลา ๑๑:๐๒ FiberNet Care <care@fibernet.example> เขียนว่า:\n\n"
        "> เรียนคุณสมใจ\n"
        ">\n"
        "> เราได้คืนเงินให้แล้ว\n"
        ">\n"
        "> ขอแสดงความนับถือ\n"
        "> วิภา ใจดี\n"
        "> ฝ่ายบริการลูกค้า\n");
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].text == "ยังไม่ได้รับเงินคืนค่ะ");
    CHECK(parts[1].author_name == "FiberNet Care");
    CHECK(parts[1].author_address == "care@fibernet.example");
    CHECK(iso(parts[1]) == "2026-03-09T11:02:00");
    CHECK(parts[1].signature_name == "วิภา ใจดี");
    CHECK(signature_of(parts[1]).starts_with("ขอแสดงความนับถือ"));

    const auto wrapped = split(
        "ขอบคุณค่ะ\n\nเมื่อ วันจันทร์ที่ 9 มี.ค. 2026 เวลา 11:02 Somchai <somchai@example.co.th>\nเขียนว่า:\n> "
        "สวัสดีครับ\n");
    REQUIRE(wrapped.size() == 2);
    CHECK(wrapped[1].author_name == "Somchai");
    CHECK(iso(wrapped[1]) == "2026-03-09T11:02:00");
    CHECK(wrapped[1].text == "สวัสดีครับ");

    const auto outlook = split(
        "รบกวนตรวจสอบอีกครั้งค่ะ\n\nจาก: FiberNet <care@fibernet.example>\nส่ง: 9 มีนาคม 2569 11:02\n"
        "ถึง: somjai@example.co.th\nเรื่อง: อินเทอร์เน็ตขัดข้อง\n\nเรียนลูกค้า\n");
    REQUIRE(outlook.size() == 2);
    CHECK(outlook[1].author_name == "FiberNet");
    CHECK(iso(outlook[1]) == "2026-03-09T11:02:00");
    CHECK(outlook[1].subject == "อินเทอร์เน็ตขัดข้อง");
  }

  TEST_CASE("quotes: Outlook English block, and a Gmail quote inside it") {
    SplitOptions options;
    options.author_name = "Ana Ruiz";
    const auto parts = split(
        "Hi team, any update?\n\n"
        "Ana\n\n"
        "-----Original Message-----\n"
        "From: Tunely Support <support@tunely.example>\n"
        "Sent: Friday, February 27, 2026 7:42 PM\n"
        "To: Ana Ruiz <ana@example.org>\n"
        "Cc: billing@tunely.example\n"
        "Subject: RE: Refund for order 4471\n\n"
        "Hi Ana,\n\n"
        "The refund is on its way.\n\n"
        "Regards,\n"
        "Owen Park\n"
        "Tunely Support\n\n"
        "On Thu, Feb 26, 2026 at 9:30 AM Ana Ruiz <ana@example.org> wrote:\n"
        "> Where is my refund?\n"
        ">\n"
        "> Ana\n",
        options);
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].text == "Hi team, any update?\n\nAna");
    CHECK(parts[0].signature_name == "Ana");
    CHECK(parts[0].last_line == 3);
    CHECK(parts[1].kind == QuotedMessage::Kind::reply);
    CHECK(parts[1].author_name == "Tunely Support");
    CHECK(parts[1].author_address == "support@tunely.example");
    CHECK(iso(parts[1]) == "2026-02-27T19:42:00");
    CHECK(parts[1].subject == "RE: Refund for order 4471");
    CHECK(parts[1].text == "Hi Ana,\n\nThe refund is on its way.\n\nRegards,\nOwen Park\nTunely Support");
    CHECK(parts[1].signature_name == "Owen Park");
    CHECK(parts[1].first_line == 12);
    CHECK(parts[2].author_name == "Ana Ruiz");
    CHECK(iso(parts[2]) == "2026-02-26T09:30:00");
    CHECK(parts[2].text == "Where is my refund?\n\nAna");
    CHECK(parts[2].signature_name == "Ana");

    // Outlook's rule, a To: list wrapped onto a second line, the "[mailto:]" form of older versions.
    const auto ruled = split(
        "Thanks.\n\n"
        "________________________________\n"
        "From: Owen Park [mailto:owen@tunely.example]\n"
        "Sent: Friday, February 27, 2026 7:42 PM\n"
        "To: Ana Ruiz <ana@example.org>; Ravi Menon\n"
        " <ravi.menon@example.net>\n"
        "Subject: Refund\n\n"
        "Done.\n");
    REQUIRE(ruled.size() == 2);
    CHECK(ruled[0].text == "Thanks.");
    CHECK(ruled[1].author_name == "Owen Park");
    CHECK(ruled[1].author_address == "owen@tunely.example");
    CHECK(ruled[1].subject == "Refund");
    CHECK(ruled[1].text == "Done.");

    // Fields in bold, as an HTML body converted to text writes them.
    const auto bold = split(
        "Thanks.\n\n*From:* Owen Park <owen@tunely.example>\n*Sent:* Friday, February 27, 2026 7:42 PM\n"
        "*To:* Ana Ruiz <ana@example.org>\n*Subject:* Refund\n\nDone.\n");
    REQUIRE(bold.size() == 2);
    CHECK(bold[1].author_name == "Owen Park");
    CHECK(iso(bold[1]) == "2026-02-27T19:42:00");
    CHECK(bold[1].subject == "Refund");
  }

  TEST_CASE("quotes: Outlook Spanish blocks (Enviado:, Fecha:) and a quoted Outlook block") {
    const auto sent = split(
        "Adjunto el justificante.\n\n"
        "-----Mensaje original-----\n"
        "De: Carmen Navarro <carmen.navarro@example.es>\n"
        "Enviado: jueves, 5 de febrero de 2026 12:16\n"
        "Para: clientes@luzclara.example\n"
        "CC: Pedro Gil <pedro@example.es>\n"
        "Asunto: Factura\n\n"
        "¿Me pueden enviar el justificante?\n");
    REQUIRE(sent.size() == 2);
    CHECK(sent[1].author_name == "Carmen Navarro");
    CHECK(iso(sent[1]) == "2026-02-05T12:16:00");
    CHECK(sent[1].subject == "Factura");
    CHECK(sent[1].kind == QuotedMessage::Kind::reply);

    const auto fecha = split(
        "Ok.\n\nDe: Carmen Navarro <carmen.navarro@example.es>\nFecha: 05/02/2026 12:16\nPara: "
        "clientes@luzclara.example\n"
        "Asunto: Factura\n\nHola\n");
    REQUIRE(fecha.size() == 2);
    CHECK(iso(fecha[1]) == "2026-02-05T12:16:00");  // Spanish fields: day first

    // An Outlook block inside a '>' quote is split at its level.
    const auto quoted = split(
        "Still waiting.\n\n"
        "On Mon, Mar 2, 2026 at 9:00 AM Tunely <support@tunely.example> wrote:\n"
        "> We are looking into it.\n"
        ">\n"
        "> From: Ana Ruiz <ana@example.org>\n"
        "> Sent: Sunday, March 1, 2026 8:00 PM\n"
        "> To: support@tunely.example\n"
        "> Subject: Refund\n"
        ">\n"
        "> Where is my refund?\n");
    REQUIRE(quoted.size() == 3);
    CHECK(quoted[1].text == "We are looking into it.");
    CHECK(quoted[2].author_name == "Ana Ruiz");
    CHECK(iso(quoted[2]) == "2026-03-01T20:00:00");
    CHECK(quoted[2].text == "Where is my refund?");
  }

  TEST_CASE("quotes: forwards: Gmail English, Gmail Spanish, Apple Mail") {
    const auto gmail = split(
        "FYI, see below.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Hannah from Tunely <support@tunely.example>\n"
        "Date: Mon, Mar 9, 2026 at 11:02 AM\n"
        "Subject: Your refund\n"
        "To: Ravi Menon <ravi.menon@example.net>\n\n\n"
        "Hi Ravi,\n\nWe have issued a refund.\n\nBest,\nHannah\n");
    REQUIRE(gmail.size() == 2);
    CHECK(gmail[0].text == "FYI, see below.");
    CHECK(gmail[1].kind == QuotedMessage::Kind::forward);
    CHECK(gmail[1].author_name == "Hannah from Tunely");
    CHECK(gmail[1].author_address == "support@tunely.example");
    CHECK(iso(gmail[1]) == "2026-03-09T11:02:00");
    CHECK(gmail[1].subject == "Your refund");
    CHECK(gmail[1].text == "Hi Ravi,\n\nWe have issued a refund.\n\nBest,\nHannah");
    CHECK(gmail[1].signature_name == "Hannah");

    const auto spanish = split(
        "Os reenvío la respuesta.\n\n"
        "---------- Mensaje reenviado ---------\n"
        "De: Luz Clara <clientes@luzclara.example>\n"
        "Date: jue, 5 feb 2026 a las 12:16\n"
        "Subject: Reclamación\n"
        "To: <carmen.navarro@example.es>\n\n"
        "Estimada Sra. Navarro:\n");
    REQUIRE(spanish.size() == 2);
    CHECK(spanish[1].kind == QuotedMessage::Kind::forward);
    CHECK(spanish[1].author_name == "Luz Clara");
    CHECK(iso(spanish[1]) == "2026-02-05T12:16:00");
    CHECK(spanish[1].subject == "Reclamación");

    const auto fecha = split(
        "Mira esto.\n\n---------- Mensaje reenviado ---------\nDe: Luz Clara <clientes@luzclara.example>\n"
        "Fecha: 05/02/2026 12:16\nAsunto: Reclamación\nPara: Carmen <carmen.navarro@example.es>\n\nHola\n");
    REQUIRE(fecha.size() == 2);
    CHECK(iso(fecha[1]) == "2026-02-05T12:16:00");
    CHECK(fecha[1].subject == "Reclamación");

    SplitOptions madrid;
    madrid.zone_hint_minutes = 60;
    const auto apple = split(
        "Begin forwarded message:\n\n"
        "From: Skylark Air <care@skylark.example>\n"
        "Subject: Your flight was cancelled\n"
        "Date: March 9, 2026 at 11:02:13 AM PDT\n"
        "To: Ana Ruiz <ana@example.org>\n\n"
        "Dear Ana, your flight SK 204 was cancelled.\n",
        madrid);
    REQUIRE(apple.size() == 2);
    CHECK(apple[0].text.empty());
    CHECK(apple[1].kind == QuotedMessage::Kind::forward);
    CHECK(apple[1].author_name == "Skylark Air");
    CHECK(iso(apple[1]) == "2026-03-09T11:02:13-07:00");  // its own zone, not the hint
    CHECK(apple[1].subject == "Your flight was cancelled");
    CHECK(apple[1].text == "Dear Ana, your flight SK 204 was cancelled.");
  }

  TEST_CASE("quotes: '>' lines without an attribution stay in the top message") {
    const auto parts = split(
        "You wrote:\n> We will refund you within 5 days.\n\nIt has been 10 days.\n\n> > and this\n\nAna\n");
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].text ==
          "You wrote:\n> We will refund you within 5 days.\n\nIt has been 10 days.\n\n> > and this\n\nAna");

    // "As I wrote:" and a sentence starting with "On" are someone's words, not attributions.
    CHECK(split("Hello,\n\nAs I wrote:\n> please refund\n").size() == 1);
    CHECK(split("On Monday you wrote:\n> we will call\nYou did not.\n").size() == 1);
    CHECK(split("On Monday I called and nobody wrote back.\n> quote\n").size() == 1);
  }

  TEST_CASE("quotes: level spellings '>', '> ', '>>', '> >' and blank quote lines") {
    const auto parts = split(
        "Top.\n\n"
        "On Mon, Mar 9, 2026 at 11:02 AM A <a@example.org> wrote:\n"
        ">first line\n"
        ">\n"
        "> >  indented quote kept inline\n"
        "> On Sun, Mar 8, 2026 at 10:00 AM B <b@example.org> wrote:\n"
        "> >\n"
        "> > second level\n"
        "> >> third, inline\n"
        ">>\n");
    REQUIRE(parts.size() == 3);
    CHECK(parts[1].text == "first line\n\n>  indented quote kept inline");
    CHECK(parts[2].author_name == "B");
    CHECK(parts[2].text == "second level\n> third, inline");
    CHECK(parts[2].first_line == 9);
    CHECK(parts[2].last_line == 10);
  }

  TEST_CASE("quotes: interleaved answers and bottom posting are the author's words") {
    const auto inline_answers = split(
        "On Mon, Mar 9, 2026 at 11:02 AM Hannah <support@tunely.example> wrote:\n"
        "> Can you confirm your order number?\n"
        "It is TN-4471.\n"
        "> And the card's last digits?\n"
        "4410.\n\n"
        "Ravi\n");
    REQUIRE(inline_answers.size() == 2);
    CHECK(
        inline_answers[0].text ==
        "> Can you confirm your order number?\nIt is TN-4471.\n> And the card's last digits?\n4410.\n\nRavi");
    CHECK(inline_answers[0].signature_at == std::string::npos);
    CHECK(inline_answers[1].text == "Can you confirm your order number?\n\nAnd the card's last digits?");

    const auto bottom = split(
        "On Mon, Mar 9, 2026 at 11:02 AM Hannah <support@tunely.example> wrote:\n"
        "> Did the refund arrive?\n\n"
        "No, it did not.\n\nThanks,\nRavi\n");
    REQUIRE(bottom.size() == 2);
    CHECK(bottom[0].text == "No, it did not.\n\nThanks,\nRavi");
    CHECK(bottom[0].signature_name == "Ravi");
    CHECK(bottom[0].first_line == 4);
    CHECK(bottom[1].text == "Did the refund arrive?");
  }

  TEST_CASE("quotes: find_signature: sign-offs and the name they give") {
    CHECK(from_signature(
              "Hi,\n\nThe refund is done.\n\nBest regards,\nOwen Park\nTunely Support\n+1 555 0100") ==
          "Best regards,\nOwen Park\nTunely Support\n+1 555 0100");
    CHECK(signature_name(
              "Hi,\n\nThe refund is done.\n\nBest regards,\nOwen Park\nTunely Support\n+1 555 0100") ==
          "Owen Park");
    CHECK(signature_name("Please check.\n\nThanks,\nRavi") == "Ravi");
    CHECK(signature_name("Please check.\n\nCheers,\n— Owen") == "Owen");
    CHECK(signature_name("Please check.\n\nSincerely,\n\nHannah Lee\nCustomer Care") == "Hannah Lee");
    CHECK(signature_name("Revisado.\n\nSaludos,\nCarmen") == "Carmen");
    CHECK(signature_name(
              "Revisado.\n\nUn saludo,\n\nMaría José de la Fuente\nDepartamento de Atención al Cliente") ==
          "María José de la Fuente");
    CHECK(signature_name("Revisado.\n\nCordialmente,\nJuan Pérez\nTel. 600 000 000") == "Juan Pérez");
    CHECK(signature_name("Revisado.\n\nGracias,\nCarmen Navarro") == "Carmen Navarro");
    CHECK(signature_name("ได้รับแล้วค่ะ\n\nขอแสดงความนับถือ\nวิภา ใจดี\nฝ่ายบริการลูกค้า") == "วิภา ใจดี");
    CHECK(signature_name("ได้รับแล้วครับ\n\nขอบคุณครับ\nสมชาย") == "สมชาย");
    CHECK(signature_name("ได้รับแล้วค่ะ\n\nขอบคุณค่ะ\nสมใจ (ฝ่ายบริการลูกค้า)") == "สมใจ");
    // The name on the sign-off's own line.
    CHECK(from_signature("I'll wait for the refund.\n\nThanks, Ravi") == "Thanks, Ravi");
    CHECK(signature_name("I'll wait for the refund.\n\nThanks, Ravi") == "Ravi");
    // No person named: a department, a phone line.
    CHECK(from_signature("Done.\n\nRegards,\nTunely Support\nTicket #TN-1") ==
          "Regards,\nTunely Support\nTicket #TN-1");
    CHECK(signature_name("Done.\n\nRegards,\nTunely Support\nTicket #TN-1").empty());
    CHECK(signature_name("Hecho.\n\nAtentamente,\n\nDepartamento de Atención al Cliente\nLuz Clara").empty());
    CHECK(signature_name("Done.\n\nThanks,\n+1 (555) 010-0100").empty());
    // The lowest sign-off, with those stacked right above it; a "Thanks!" higher up is the message's.
    CHECK(from_signature("Sure.\n\nThanks again,\nBest regards,\nOwen") ==
          "Thanks again,\nBest regards,\nOwen");
    CHECK(from_signature("Thanks!\n\nOne more thing: can you check the invoice?\n\nBest,\nOwen") ==
          "Best,\nOwen");
    CHECK(signature_name("Hi Ravi,\n\nThanks!\n\nLet me know\n\nBest,\nOwen") == "Owen");
  }

  TEST_CASE("quotes: find_signature: '-- ', legal notices, phone taglines") {
    CHECK(from_signature("See you.\n-- \nOwen Park\nhttps://tunely.example") ==
          "-- \nOwen Park\nhttps://tunely.example");
    CHECK(signature_name("See you.\n-- \nOwen Park\nhttps://tunely.example") == "Owen Park");
    CHECK(
        from_signature(
            "Please refund me.\n\nCONFIDENTIALITY NOTICE: This email is intended only for the addressee.") ==
        "CONFIDENTIALITY NOTICE: This email is intended only for the addressee.");
    CHECK(from_signature("Please refund me.\n\nThis email and any attachments are confidential.") ==
          "This email and any attachments are confidential.");
    CHECK(from_signature("Gracias.\n\n______________\nAVISO LEGAL: Este mensaje es confidencial.") ==
          "______________\nAVISO LEGAL: Este mensaje es confidencial.");
    CHECK(from_signature("Where is it?\n\nSent from my iPhone") == "Sent from my iPhone");
    CHECK(from_signature("¿Dónde está?\n\nEnviado desde mi iPhone") == "Enviado desde mi iPhone");
    // A sign-off above a legal notice: the signature starts at the sign-off.
    CHECK(from_signature("Done.\n\nBest,\nOwen\n\nThis message and any attachments are confidential.") ==
          "Best,\nOwen\n\nThis message and any attachments are confidential.");
    CHECK(signature_name("Done.\n\nBest,\nOwen\n\nThis message and any attachments are confidential.") ==
          "Owen");
  }

  TEST_CASE("quotes: find_signature: what is not a signature") {
    CHECK(from_signature("") == "(none)");
    CHECK(from_signature("The refund went out on March 9.") == "(none)");
    // A sign-off in the first lines of a long message.
    CHECK(from_signature(
              "Thanks,\n\nI checked with our payments team and the refund went out on March 9, so it "
              "should be on your statement soon.\nIt can take up to ten business days to post.") == "(none)");
    CHECK(from_signature(
              "Hi Ravi,\nThanks!\nI checked with our payments team and the refund went out on March 9, "
              "so it should be on your statement any day now.\nLet me know.") == "(none)");
    CHECK(from_signature("Best,\nOwen") == "(none)");
    // Words that only start like a sign-off.
    CHECK(from_signature("Hello.\n\nThanks for nothing, your refund never came and I want it now.") ==
          "(none)");
    CHECK(from_signature("Hello.\n\nGracias por nada.") == "(none)");
    // A notice quoted early in a long message is the customer's words, not a footer.
    std::string long_message = "Hi,\nThis email and any attachments you sent were empty.\n";
    for (int i = 0; i < 80; ++i) {
      long_message += "More of what happened with my order, line " + std::to_string(i) + ".\n";
    }
    CHECK(from_signature(long_message) == "(none)");
  }

  TEST_CASE("quotes: parse_loose_date_time: English, Spanish and Thai dates, 12 and 24 hours, zones") {
    CHECK(loose("Mon, Mar 23, 2026 at 8:15 PM") == "2026-03-23T20:15:00");
    CHECK(loose("Friday, February 27, 2026 7:42 PM") == "2026-02-27T19:42:00");
    CHECK(loose("viernes, 27 de febrero de 2026 19:42") == "2026-02-27T19:42:00");
    CHECK(loose("jue, 5 feb 2026 a las 12:16 p. m.") == "2026-02-05T12:16:00");
    CHECK(loose("mar, 3 feb 2026 a las 9:05 a. m.") == "2026-02-03T09:05:00");
    CHECK(loose("mar, 3 mar 2026 12:00 a.m.") == "2026-03-03T00:00:00");
    CHECK(loose("9 มี.ค. 2569 เวลา 11:02") == "2026-03-09T11:02:00");
    CHECK(loose("วันจันทร์ที่ ๙ มีนาคม ๒๕๖๙ ๑๑:๐๒ น.") == "2026-03-09T11:02:00");
    CHECK(loose("Mon, 9 Mar 2026 11:02:13 +0100") == "2026-03-09T11:02:13+01:00");
    CHECK(loose("March 9, 2026 at 11:02:13 AM PDT") == "2026-03-09T11:02:13-07:00");
    CHECK(loose("9 Mar 2026 11:02 GMT+07:00") == "2026-03-09T11:02:00+07:00");
    CHECK(loose("2026-03-09 11:02") == "2026-03-09T11:02:00");
    CHECK(loose("March 9th, 2026 8:15PM") == "2026-03-09T20:15:00");
    CHECK(loose("03/02/2026 10:00", true) == "2026-03-02T10:00:00");
    CHECK(loose("03/02/2026 10:00", false) == "2026-02-03T10:00:00");
    CHECK(loose("25/02/2026 10:00", true) == "2026-02-25T10:00:00");
    CHECK(loose("Mar 9, 2026") == "2026-03-09");
    // Never guessed.
    CHECK(loose("11:02") == "(none)");
    CHECK(loose("Feb 30, 2026 10:00") == "(none)");
    CHECK(loose("sometime last week") == "(none)");
    CHECK(loose("31/31/2026 10:00") == "(none)");
    CHECK(loose("Mar 9, 2026 at 13:02 PM") == "2026-03-09");  // no such time: the date only
    CHECK(loose("Mar 9, 2026 at 10:75") == "2026-03-09");
    CHECK(loose("") == "(none)");
    CHECK(loose(std::string(100000, '9')) == "(none)");

    // An attribution whose date cannot be read still names its author; the time stays unknown.
    const auto parts = split("Ok.\n\nOn someday, Hannah Lee <hannah@tunely.example> wrote:\n> Hi\n");
    REQUIRE(parts.size() == 2);
    CHECK(parts[1].author_name == "Hannah Lee");
    CHECK_FALSE(parts[1].time);
  }

  TEST_CASE("quotes: robustness: 100,000 lines, 1 MB lines, deep nesting, garbage") {
    const auto started = std::chrono::steady_clock::now();

    // 200 nested levels of 500 lines: at most 50 messages, the deepest keeping the rest.
    std::string nested = "Top words.\n\n";
    for (int depth = 0; depth < 200; ++depth) {
      const std::string prefix(static_cast<size_t>(depth), '>');
      nested += prefix + (depth ? " " : "") + "On Mon, Mar 9, 2026 at 11:02 AM P" + std::to_string(depth) +
                " <p@example.org> wrote:\n";
      for (int i = 0; i < 500; ++i) {
        nested += prefix + "> line " + std::to_string(i) + " of level " + std::to_string(depth) + "\n";
      }
    }
    const auto deep = split(nested);
    CHECK(deep.size() == 50);
    CHECK(deep[0].text == "Top words.");
    CHECK(deep[1].author_name == "P0");
    CHECK(deep[1].text.starts_with("line 0 of level 0\n"));
    CHECK(deep[49].text.find("of level 199") != std::string::npos);

    // 100,000 flat lines with many attribution-like and sign-off-like lines.
    std::string flat;
    for (int i = 0; i < 100000; ++i) {
      switch (i % 5) {
        case 0: flat += "On Mon, Mar 9, 2026 at 11:02 AM Someone\n"; break;
        case 1: flat += "Thanks,\n"; break;
        case 2: flat += "From: Someone <s@example.org>\n"; break;
        case 3: flat += "\n"; break;
        default: flat += "> quoted " + std::to_string(i) + "\n"; break;
      }
    }
    CHECK_FALSE(split(flat).empty());

    // A 1 MB line, alone, as an attribution, as quote markers, as a rule, as a header.
    const std::string mega(1 << 20, 'a');
    for (const std::string& body :
         {mega, "On " + mega + " wrote:\n> x\n", std::string(1 << 20, '>'),
          "x\n" + std::string(1 << 20, '_') + "\nFrom: a", "From: " + mega + "\nSent: " + mega + "\n\nx",
          "Thanks,\n" + mega, mega + "\nBest,\nOwen"}) {
      const auto parts = split(body);
      REQUIRE_FALSE(parts.empty());
      importers::find_signature(body, nullptr);
    }

    // Garbage: invalid UTF-8, NULs, markers everywhere. Every text stays valid UTF-8.
    uint32_t state = 12345;
    std::string garbage;
    const std::string pieces[] = {"\n",
                                  ">",
                                  "> ",
                                  "On ",
                                  " wrote:",
                                  "From: ",
                                  "Sent: ",
                                  "----- Original Message -----",
                                  "\xE0\xB8",
                                  "\xFF",
                                  std::string(1, '\0'),
                                  "ขอบคุณ",
                                  "Best,",
                                  "-- ",
                                  "<",
                                  "@",
                                  "9:05"};
    for (int i = 0; i < 200000; ++i) {
      state = state * 1103515245u + 12345u;
      garbage += pieces[(state >> 16) % std::size(pieces)];
    }
    const auto messy = split(garbage);
    REQUIRE_FALSE(messy.empty());
    for (const auto& m : messy) {
      CHECK(text::is_valid_utf8(m.text));
      CHECK(text::is_valid_utf8(m.author_name));
      CHECK((m.signature_at == std::string::npos || m.signature_at <= m.text.size()));
    }

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    CHECK(seconds < 30.0);
  }
}
