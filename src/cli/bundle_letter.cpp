// The dispute letter a bundle carries: a billing-error notice under the US Fair Credit Billing Act
// (15 U.S.C. § 1666), filled from the case, in English, Spanish and Thai. The wording is data: one
// table per language; {placeholders} are filled by fill().
#include <map>
#include <string_view>

#include "bundle_contents.hpp"

namespace inwriting::cli {

namespace {

using Words = std::map<std::string_view, std::string_view>;

const Words k_english = {
    {"you", "[Your name]"},
    {"address", "[Your address]"},
    {"issuer", "[Card issuer]\nBilling Inquiries\n[The address for billing errors printed on your statement — not the payment address]"},
    {"re", "Re: Billing error notice (Fair Credit Billing Act)"},
    {"account", "Account number: {account}"},
    {"account.unknown", "Account number: XXXX-XXXX-XXXX-[last four digits]"},
    {"greeting", "Dear Sir or Madam:"},
    {"dispute", "I am writing to dispute a billing error of {amount} on my account. The charge was made by {merchant} on {charge_date} and appears on my statement dated {statement_date}."},
    {"reason.credit-not-processed", "This is an error because the merchant promised me a credit for this charge, and the credit has not been posted to my account."},
    {"reason.not-as-described", "This is an error because the goods or services were not delivered as agreed: they were not as described."},
    {"reason.cancelled", "This is an error because I cancelled before this charge, and the merchant confirmed the cancellation."},
    {"reason.duplicate", "This is an error because this charge duplicates another charge for the same purchase."},
    {"reason.other", "This is an error because [explain in one or two sentences why the charge is wrong]."},
    {"promised", "The merchant's representatives told me, in writing:"},
    {"promise", "- On {said_on}, {by} promised {what}{due_words}: \"{quote}\" (exhibit {exhibit})."},
    {"due_words", ", by {due}"},
    {"status.open", "  As of {date} this has not been done."},
    {"status.broken", "  This promise was not kept."},
    {"status.kept", "  (The merchant says this was done; it does not appear on my account.)"},
    {"status.retracted", "  (The merchant later withdrew this statement.)"},
    {"ask", "I ask that you correct this billing error, credit my account for {amount} and any related finance charges or fees, and send me a corrected statement."},
    {"enclosed", "I enclose copies (not originals) of the records that support my position:"},
    {"exhibit", "- Exhibit {label}: {what}"},
    {"duty", "Please acknowledge this letter in writing within 30 days of receiving it, and resolve the dispute within two billing cycles (at most 90 days), as the Fair Credit Billing Act requires."},
    {"closing", "Sincerely,"},
    {"notes", "---\nBefore you send this (remove these notes): fill in the parts in [brackets]; send it so that the card issuer receives it within 60 days of the date the first statement showing this charge was sent to you; send it to the billing-error address, by certified mail with a return receipt, and keep a copy and the receipt. The bundle's README.txt says how anyone can check the exhibits."},
    {"what.refund", "a refund"}, {"what.credit", "a credit"}, {"what.waiver", "to waive a fee"},
    {"what.callback", "a call back"}, {"what.repair", "a repair"}, {"what.replacement", "a replacement"},
    {"what.discount", "a discount"}, {"what.price_match", "a price adjustment"}, {"what.cancellation", "a cancellation"},
    {"what.other", "to act"}, {"of", " of {amount}"},
    {"unknown", "[not known]"},
};

const Words k_spanish = {
    {"you", "[Su nombre]"},
    {"address", "[Su dirección]"},
    {"issuer", "[Emisor de la tarjeta]\nConsultas de facturación\n[La dirección para errores de facturación que figura en su estado de cuenta, no la de pagos]"},
    {"re", "Asunto: Aviso de error de facturación (Fair Credit Billing Act)"},
    {"account", "Número de cuenta: {account}"},
    {"account.unknown", "Número de cuenta: XXXX-XXXX-XXXX-[últimos cuatro dígitos]"},
    {"greeting", "Estimados señores:"},
    {"dispute", "Les escribo para disputar un error de facturación de {amount} en mi cuenta. El cargo lo hizo {merchant} el {charge_date} y aparece en mi estado de cuenta del {statement_date}."},
    {"reason.credit-not-processed", "Es un error porque el comercio me prometió un crédito por este cargo, y el crédito no se ha aplicado a mi cuenta."},
    {"reason.not-as-described", "Es un error porque los bienes o servicios no se entregaron como se acordó: no eran como se describieron."},
    {"reason.cancelled", "Es un error porque cancelé antes de este cargo, y el comercio confirmó la cancelación."},
    {"reason.duplicate", "Es un error porque este cargo duplica otro cargo por la misma compra."},
    {"reason.other", "Es un error porque [explique en una o dos frases por qué el cargo es incorrecto]."},
    {"promised", "Los representantes del comercio me dijeron, por escrito:"},
    {"promise", "- El {said_on}, {by} prometió {what}{due_words}: \"{quote}\" (prueba {exhibit})."},
    {"due_words", ", a más tardar el {due}"},
    {"status.open", "  Al {date} esto no se ha cumplido."},
    {"status.broken", "  Esta promesa no se cumplió."},
    {"status.kept", "  (El comercio dice que se hizo; no aparece en mi cuenta.)"},
    {"status.retracted", "  (El comercio retiró después esta afirmación.)"},
    {"ask", "Les pido que corrijan este error de facturación, acrediten en mi cuenta {amount} y los intereses o cargos relacionados, y me envíen un estado de cuenta corregido."},
    {"enclosed", "Adjunto copias (no originales) de los registros que respaldan mi reclamo:"},
    {"exhibit", "- Prueba {label}: {what}"},
    {"duty", "Les ruego acusar recibo de esta carta por escrito dentro de los 30 días de recibirla y resolver la disputa dentro de dos ciclos de facturación (90 días como máximo), como exige la Fair Credit Billing Act."},
    {"closing", "Atentamente,"},
    {"notes", "---\nAntes de enviarla (borre estas notas): complete las partes entre [corchetes]; envíela de modo que el emisor la reciba dentro de los 60 días desde la fecha en que se le envió el primer estado de cuenta con este cargo; a la dirección para errores de facturación, por correo certificado con acuse de recibo, y guarde una copia y el acuse. El README.txt del paquete explica cómo cualquiera puede comprobar las pruebas. (La ley es de EE. UU.; fuera de EE. UU. consulte las reglas de su emisor.)"},
    {"what.refund", "un reembolso"}, {"what.credit", "un crédito"}, {"what.waiver", "eximir un cargo"},
    {"what.callback", "devolver la llamada"}, {"what.repair", "una reparación"}, {"what.replacement", "un reemplazo"},
    {"what.discount", "un descuento"}, {"what.price_match", "un ajuste de precio"}, {"what.cancellation", "una cancelación"},
    {"what.other", "actuar"}, {"of", " de {amount}"},
    {"unknown", "[no se sabe]"},
};

const Words k_thai = {
    {"you", "[ชื่อของคุณ]"},
    {"address", "[ที่อยู่ของคุณ]"},
    {"issuer", "[ผู้ออกบัตร]\nฝ่ายสอบถามการเรียกเก็บเงิน\n[ที่อยู่สำหรับแจ้งข้อผิดพลาดในการเรียกเก็บเงินตามที่พิมพ์ในใบแจ้งยอด ไม่ใช่ที่อยู่สำหรับชำระเงิน]"},
    {"re", "เรื่อง: แจ้งข้อผิดพลาดในการเรียกเก็บเงิน (Fair Credit Billing Act)"},
    {"account", "หมายเลขบัญชี: {account}"},
    {"account.unknown", "หมายเลขบัญชี: XXXX-XXXX-XXXX-[เลขสี่ตัวท้าย]"},
    {"greeting", "เรียน ผู้เกี่ยวข้อง"},
    {"dispute", "ข้าพเจ้าขอโต้แย้งรายการเรียกเก็บเงินที่ผิดพลาดจำนวน {amount} ในบัญชีของข้าพเจ้า รายการนี้เรียกเก็บโดย {merchant} เมื่อวันที่ {charge_date} และปรากฏในใบแจ้งยอดลงวันที่ {statement_date}"},
    {"reason.credit-not-processed", "รายการนี้ผิดพลาดเพราะร้านค้าสัญญาว่าจะคืนเครดิตสำหรับรายการนี้ แต่ยังไม่มีเครดิตเข้าบัญชีของข้าพเจ้า"},
    {"reason.not-as-described", "รายการนี้ผิดพลาดเพราะสินค้าหรือบริการไม่ได้ส่งมอบตามที่ตกลง ไม่ตรงตามที่ระบุไว้"},
    {"reason.cancelled", "รายการนี้ผิดพลาดเพราะข้าพเจ้ายกเลิกก่อนการเรียกเก็บเงินนี้ และร้านค้ายืนยันการยกเลิกแล้ว"},
    {"reason.duplicate", "รายการนี้ผิดพลาดเพราะเป็นการเรียกเก็บซ้ำกับอีกรายการหนึ่งสำหรับการซื้อเดียวกัน"},
    {"reason.other", "รายการนี้ผิดพลาดเพราะ [อธิบายสั้น ๆ ว่าทำไมรายการนี้จึงไม่ถูกต้อง]"},
    {"promised", "ตัวแทนของร้านค้าได้แจ้งข้าพเจ้าเป็นลายลักษณ์อักษรว่า:"},
    {"promise", "- เมื่อวันที่ {said_on} {by} สัญญาว่าจะ{what}{due_words}: \"{quote}\" (หลักฐาน {exhibit})"},
    {"due_words", " ภายในวันที่ {due}"},
    {"status.open", "  จนถึงวันที่ {date} ยังไม่ได้ดำเนินการ"},
    {"status.broken", "  ร้านค้าไม่ได้ทำตามสัญญานี้"},
    {"status.kept", "  (ร้านค้าแจ้งว่าดำเนินการแล้ว แต่ไม่ปรากฏในบัญชีของข้าพเจ้า)"},
    {"status.retracted", "  (ภายหลังร้านค้าได้ถอนคำพูดนี้)"},
    {"ask", "ข้าพเจ้าขอให้ท่านแก้ไขข้อผิดพลาดนี้ คืนเครดิตจำนวน {amount} พร้อมดอกเบี้ยหรือค่าธรรมเนียมที่เกี่ยวข้องเข้าบัญชีของข้าพเจ้า และส่งใบแจ้งยอดที่ถูกต้องให้ข้าพเจ้า"},
    {"enclosed", "ข้าพเจ้าได้แนบสำเนา (ไม่ใช่ต้นฉบับ) ของหลักฐานที่สนับสนุนคำร้องนี้:"},
    {"exhibit", "- หลักฐาน {label}: {what}"},
    {"duty", "โปรดตอบรับจดหมายนี้เป็นลายลักษณ์อักษรภายใน 30 วันนับจากวันที่ได้รับ และแก้ไขข้อโต้แย้งภายในสองรอบบัญชี (ไม่เกิน 90 วัน) ตามที่ Fair Credit Billing Act กำหนด"},
    {"closing", "ขอแสดงความนับถือ"},
    {"notes", "---\nก่อนส่ง (ลบหมายเหตุนี้ออก): กรอกส่วนที่อยู่ใน [วงเล็บ] ส่งให้ผู้ออกบัตรได้รับภายใน 60 วันนับจากวันที่ส่งใบแจ้งยอดฉบับแรกที่มีรายการนี้ ส่งไปยังที่อยู่สำหรับแจ้งข้อผิดพลาด ทางไปรษณีย์ลงทะเบียนตอบรับ และเก็บสำเนาพร้อมใบตอบรับไว้ ไฟล์ README.txt ในชุดหลักฐานบอกวิธีตรวจสอบหลักฐาน (กฎหมายนี้เป็นกฎหมายของสหรัฐอเมริกา หากบัตรออกในประเทศอื่น โปรดดูข้อกำหนดของผู้ออกบัตร)"},
    {"what.refund", "คืนเงิน"}, {"what.credit", "คืนเครดิต"}, {"what.waiver", "ยกเว้นค่าธรรมเนียม"},
    {"what.callback", "โทรกลับ"}, {"what.repair", "ซ่อม"}, {"what.replacement", "เปลี่ยนสินค้าให้"},
    {"what.discount", "ให้ส่วนลด"}, {"what.price_match", "ปรับราคา"}, {"what.cancellation", "ยกเลิก"},
    {"what.other", "ดำเนินการ"}, {"of", " จำนวน {amount}"},
    {"unknown", "[ไม่ทราบ]"},
};

const Words& words_for(const std::string& lang) { return lang == "es" ? k_spanish : lang == "th" ? k_thai : k_english; }

std::string word(const Words& w, std::string_view key) {
  auto it = w.find(key);
  if (it != w.end()) return std::string(it->second);
  return std::string(k_english.at(key));
}

std::string fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [key, value] : values) {
    const std::string marker = "{" + key + "}";
    for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + value.size())) {
      text.replace(at, marker.size(), value);
    }
  }
  return text;
}

}  // namespace

std::string promise_words(const std::string& kind, const std::string& amount, const std::string& lang) {
  const Words& w = words_for(lang);
  const std::string key = "what." + kind;
  std::string what = w.count(key) ? std::string(w.at(key)) : word(w, "what.other");
  if (!amount.empty()) what += fill(word(w, "of"), {{"amount", amount}});
  return what;
}

std::string dispute_letter(const LetterFacts& f, const std::string& lang) {
  const Words& w = words_for(lang);
  const std::string unknown = word(w, "unknown");
  auto known = [&](const std::string& v) { return v.empty() ? unknown : v; };
  const std::map<std::string, std::string> values = {
      {"account", f.account_masked}, {"amount", known(f.amount)}, {"merchant", known(f.merchant)},
      {"charge_date", known(f.charge_date)}, {"statement_date", known(f.statement_date)}, {"date", f.date}};
  std::string out;
  out += (f.your_name.empty() ? word(w, "you") : f.your_name) + "\n";
  out += (f.your_address.empty() ? word(w, "address") : f.your_address) + "\n\n";
  out += f.date + "\n\n";
  out += word(w, "issuer") + "\n\n";
  out += word(w, "re") + "\n";
  out += fill(word(w, f.account_masked.empty() ? "account.unknown" : "account"), values) + "\n\n";
  out += word(w, "greeting") + "\n\n";
  out += fill(word(w, "dispute"), values) + "\n\n";
  const std::string type = f.type.empty() ? "other" : f.type;
  out += word(w, "reason." + type) + "\n\n";
  if (!f.promises.empty()) {
    out += word(w, "promised") + "\n";
    for (const auto& p : f.promises) {
      const std::string due_words = p.due.empty() ? "" : fill(word(w, "due_words"), {{"due", p.due}});
      out += fill(word(w, "promise"), {{"said_on", known(p.said_on)},
                                       {"by", known(p.by)},
                                       {"what", promise_words(p.kind, p.amount, lang)},
                                       {"due_words", due_words},
                                       {"quote", p.quote},
                                       {"exhibit", known(p.exhibit)}}) +
             "\n";
      const std::string status_key = "status." + (p.status.empty() ? std::string("open") : p.status);
      if (w.count(status_key)) out += fill(word(w, status_key), values) + "\n";
    }
    out += "\n";
  }
  out += fill(word(w, "ask"), values) + "\n\n";
  if (!f.exhibits.empty()) {
    out += word(w, "enclosed") + "\n";
    for (const auto& [label, what] : f.exhibits) out += fill(word(w, "exhibit"), {{"label", label}, {"what", what}}) + "\n";
    out += "\n";
  }
  out += word(w, "duty") + "\n\n";
  out += word(w, "closing") + "\n\n\n";
  out += (f.your_name.empty() ? word(w, "you") : f.your_name) + "\n\n";
  out += word(w, "notes") + "\n";
  return out;
}

}  // namespace inwriting::cli
