package dev.batch.worker.classify;

import dev.batch.worker.classify.Signals.Kind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classifier's thesaurus of business-document vocabulary. A concept is recognised in a rule by
 * English cue words (stemmed, so "invoices" and "invoiced" count), and in a document by phrases in
 * several languages (folded: lower case, no accents) and by typical structures ({@link Signals}).
 * It is what lets a rule written in English recognise a French procès-verbal, a German Kassenbon or
 * a Chinese 季度报告, and what ties "line items" in a rule to price lines in a document.
 *
 * <p>General knowledge of documents, not of any corpus: concepts cover far more types than any one
 * job's rules use, and a rule whose words match no concept still scores by its own terms.
 */
final class Concepts {
    private Concepts() {}

    /**
     * A concept: cues (words of rules), phrases (in documents; '*' ends a prefix), structures that
     * show it, structures that speak against it ({@link LayoutConcepts}), and its weight: concepts most documents show (dates, contact details, amounts, tables) tell
     * types apart less, so they count less.
     */
    record Concept(
            String name,
            List<List<String>> cues,
            List<Literal> phrases,
            Set<Kind> structures,
            Set<Kind> against,
            double weight) {
        /** A concept only a document's shape shows (no phrases): salutations, blanks, payment lines, dates... */
        boolean shapeOnly() {
            return phrases.isEmpty();
        }

        /** Types recognised by their shape more than by their words: the words alone are weak evidence. */
        boolean needsStructure() {
            return SHAPED.contains(name);
        }

        /**
         * Occurrences in folded text (capped), how many different phrases occurred (variety is the
         * better evidence: an invoice says "invoice", "bill to" and "amount due", not one word fifty
         * times), and the first ones, for the reasoning. Plain substring search with the word
         * boundaries checked by hand: far cheaper than one regular expression of alternatives.
         */
        Hits hits(String folded) {
            int n = 0;
            Set<String> distinct = new LinkedHashSet<>();
            for (Literal l : phrases) {
                int from = 0;
                int at;
                while (n < 1000 && (at = folded.indexOf(l.text(), from)) >= 0) {
                    int end = at + l.text().length();
                    from = at + 1;
                    if (!l.cjk() && at > 0 && Character.isLetterOrDigit(folded.charAt(at - 1))) continue;
                    if (l.prefix()) {
                        while (end < folded.length() && Character.isLetter(folded.charAt(end))) end++;
                    } else if (!l.cjk() && end < folded.length() && Character.isLetter(folded.charAt(end))) {
                        continue;
                    }
                    distinct.add(folded.substring(at, end).strip());
                    n++;
                }
            }
            return new Hits(
                    n,
                    distinct.size(),
                    distinct.isEmpty()
                            ? null
                            : String.join("', '", distinct.stream().limit(3).toList()));
        }
    }

    /** A phrase as looked up: folded text, whether it is a prefix ('*'), whether it is CJK (no word boundaries). */
    record Literal(String text, boolean prefix, boolean cjk) {}

    record Hits(int count, int distinct, String first) {}

    static final List<Concept> ALL = new ArrayList<>();
    private static final Set<String> SHAPED = Set.of("form", "letter");
    private static final Set<String> GENERIC =
            Set.of("dates", "contact", "tables", "images", "lists", "amounts", "signature", "key_values");

    static void concept(String name, String cues, String phrases, Kind... structures) {
        List<List<String>> stemmed = stemmed(cues);
        List<Literal> literals = new ArrayList<>();
        for (String phrase : phrases.split(",")) {
            String f = Analysis.fold(phrase.strip());
            if (f.isEmpty()) continue;
            boolean prefix = f.endsWith("*");
            boolean cjk = f.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
            literals.add(new Literal(prefix ? f.substring(0, f.length() - 1) : f, prefix, cjk));
        }
        ALL.add(new Concept(
                name,
                stemmed,
                List.copyOf(literals),
                structures.length == 0 ? Set.of() : Set.of(structures),
                Set.of(),
                GENERIC.contains(name) ? 0.4 : 1.0));
    }

    /** Cue phrases, comma-separated, as the terms of English analysis (accents folded). */
    static List<List<String>> stemmed(String cues) {
        List<List<String>> out = new ArrayList<>();
        for (String cue : cues.split(",")) {
            List<String> terms = Analysis.terms(Analysis.fold(cue.strip()), "en");
            if (!terms.isEmpty()) out.add(terms);
        }
        return out;
    }

    static {
        concept(
                "invoice",
                "invoice, bill, billing, invoiced, vendor, supplier, customer, billed",
                "invoice*, facture*, rechnung*, factura*, fattura*, factuur, fatura, faktura*, 发票, 請求書, bill to, billed to, ship to, invoice number,"
                        + " invoice no, inv no, invoice date, tax invoice, proforma, pro forma, remit to, payment due, amount due, balance due,"
                        + " due date, purchase order, p.o., n° de facture, rechnungsnummer, rechnungsdatum, numero de factura");
        concept(
                "receipt",
                "receipt, purchase, store, shop, retail, cashier, till, checkout, point of sale, transaction, supermarket, restaurant",
                "receipt*, recu, ticket de caisse, quittung, kassenbon, kassenzettel, beleg, bon, recibo, ricevuta, scontrino, 收据, 小票,"
                        + " cashier, cash, change, tendered, rounding, thank you for shopping, thank you for your purchase, please come again,"
                        + " vielen dank fur ihren einkauf, ec-cash, girocard, kartenzahlung, gegeben, ruckgeld, rendu, cambio, total qty, item count,"
                        + " cash register, till, card payment",
                Kind.SHORT_LINES);
        concept(
                "amounts",
                "amount, total, price, cost, payment, paid, pay, due, sum, money, balance, charge, fee, tax, vat, currency, subtotal, dollar",
                "total*, amount*, subtotal, sum, summe, gesamt*, betrag, montant, importe, totale, prix, price, preis, precio, tax, vat, gst,"
                        + " mwst, ust, tva, iva, 合计, 金额, 总计",
                Kind.AMOUNTS);
        concept(
                "line_items",
                "line item, items, quantity, qty, unit price, itemized, itemised, products, goods, services rendered, list of items, purchased item",
                "qty, quantity, unit price, unit cost, description, menge, anzahl, einzelpreis, stuck, quantite, prix unitaire, cantidad,"
                        + " precio unitario, quantita, item, items, article*, artikel",
                Kind.LINE_ITEMS);
        concept("dates", "date, dated, dates, day, period, deadline", "", Kind.DATES);
        concept(
                "contract",
                "contract, agreement, terms, legal, party, parties, clause, obligation, binding, license, licence, warranty,"
                        + " liability, governing law, terminate, termination, signatory, provisions, covenant, legally, terms of service",
                "agreement*, contract*, terms of service, terms and conditions, party, parties, hereby, herein, hereinafter, hereto, whereas,"
                        + " shall, liability, liabilities, warrant*, indemnif*, governing law, jurisdiction, termination, terminate, license*,"
                        + " licence*, licensee, licensor, confidential*, intellectual property, effective date, in witness whereof, vertrag*,"
                        + " vereinbarung, contrat*, accord, contrato*, acuerdo, contratto, 合同, 协议, 甲方, 乙方",
                Kind.SHALL);
        concept(
                "letter",
                "letter, correspondence, addressed, recipient, sender, salutation, sincerely, dear, written to, reply, respond, letterhead",
                "letter, lettre, dear, sincerely, regards, yours faithfully, yours truly, respectfully, to whom it may concern, re:, enclosure*, this letter,"
                        + " we are writing, i am writing, please contact, if you have any questions,"
                        + " cc:, madame, monsieur, cordialement, sehr geehrte, mit freundlichen, estimado, estimada, atentamente, 尊敬的, 此致",
                Kind.SALUTATION,
                Kind.CLOSING,
                Kind.LETTERHEAD);
        concept(
                "signature",
                "signature, signed, sign, signatory, undersigned",
                "signature*, signed, undersigned, unterschrift, firma, 签字, 签名",
                Kind.CLOSING);
        concept(
                "form",
                "form, fields, field, fill, filled, fillable, checkbox, check box, blank, application, applicant, complete the, submit,"
                        + " boxes, official form, questionnaire, government form",
                "form, formulaire, formular*, formulario, please print, please complete, please type, check one, check all, check box,"
                        + " applicant, date of birth, social security, ssn, signature of, cerfa, modele, mod., section a, part i, part ii, line 1,"
                        + " for official use, office use only, omb no, if yes, if no, yes no, oui non, ja nein",
                Kind.FORM_FIELDS,
                Kind.CHECKBOXES);
        concept(
                "resume",
                "resume, cv, curriculum vitae, skills, education, employment history, work history, career history, biography,"
                        + " work experience, personal profile",
                "resume, curriculum vitae, cv, work experience, professional experience, employment history, education, skills,"
                        + " technical skills, certifications, linkedin, github, portfolio, bachelor of, master of, b.sc, m.sc, gpa, 简历, 工作经历, 工作经验, 教育背景, 项目经验,"
                        + " 个人技能, lebenslauf, berufserfahrung, ausbildung, kenntnisse, experience professionnelle, formation, competences,"
                        + " experiencia laboral, educacion, habilidades",
                Kind.DATE_RANGES,
                Kind.COLUMNS);
        concept(
                "job_posting",
                "job, position, role, vacancy, hiring, posting, opening, responsibilities, requirements, qualifications,"
                        + " candidate, apply, employer, recruitment, job description, duties, advert, advertisement, employment offer",
                "job description, responsibilities, key responsibilities, qualifications, we are looking for, you will, your role, the role,"
                        + " about the role, how to apply, salary, full-time, full time, part-time, must have, nice to have,"
                        + " what you'll do, what we offer, join our team, job title, reports to, equal opportunity employer,"
                        + " requisitos, responsabilidades, ofrecemos, buscamos, puesto, vacante, funciones, poste, profil recherche, missions,"
                        + " nous recherchons, stellenbeschreibung, aufgaben, anforderungen, wir bieten, ihr profil, 岗位职责, 任职要求, 职位");
        concept(
                "minutes",
                "meeting, minutes, attendees, agenda, discussion, decisions, action items, motion, quorum, council, committee, board,"
                        + " present, absent, proceedings, session, resolution",
                "minutes, meeting, attendees, attendance, present, absent, apologies, agenda, action item*, decision*, resolved, motion,"
                        + " seconded, quorum, chair, chaired, adjourned, next meeting, notes, proces-verbal, proces verbal, seance, ordre du jour,"
                        + " presents, excuses, deliberation*, conseil, commission, protokoll, sitzung, tagesordnung, anwesend, beschluss,"
                        + " acta, reunion, asistentes, orden del dia, verbale, riunione, 会议纪要, 会议记录, 出席, 议程");
        concept(
                "financial_report",
                "financial, finance, report, quarterly, annual, earnings, revenue, income, balance sheet, statement,"
                        + " assets, liabilities, equity, cash flow, fiscal, shareholders, stockholders, sec, 10-q, 10-k, profit, loss,"
                        + " results of operations, company performance",
                "balance sheet*, income statement*, statement* of operations, cash flow*, revenue*, net income, net sales, total assets,"
                        + " total liabilities, stockholders, shareholders, equity, earnings per share, fiscal, quarterly report, annual report,"
                        + " form 10-q, form 10-k, securities and exchange commission, consolidated, operating income, gross margin, ebitda,"
                        + " dividend*, 季度报告, 年度报告, 资产负债表, 利润表, 现金流量表, 营业收入, 净利润, 股东, 财务报表, rapport financier,"
                        + " bilan, compte de resultat, chiffre d'affaires, geschaftsbericht, bilanz, umsatz, informe financiero, balance general");
        concept(
                "scientific_paper",
                "scientific, research, paper, article, academic, study, journal, abstract, methods, methodology, results,"
                        + " references, citations, experiments, authors, publication, scholarly, peer-reviewed, preprint, conference",
                "abstract, introduction, related work, methodology, methods, experiment*, results, discussion, conclusion*, references,"
                        + " bibliography, acknowledg*, et al, arxiv, doi, journal, proceedings, university, theorem, lemma, proposition,"
                        + " hypothesis, dataset, fig., equation, zusammenfassung, einleitung, literatur, resume, 摘要, 关键词, 参考文献, 引言",
                Kind.CITATIONS,
                Kind.COLUMNS);
        concept(
                "bank_statement",
                "bank statement, account statement, bank, account, deposits, withdrawals, transactions, opening balance, closing balance",
                "statement period, account number, opening balance, closing balance, beginning balance, ending balance, deposit*,"
                        + " withdrawal*, direct debit, standing order, iban, bic, kontoauszug, releve de compte, extracto");
        concept(
                "payslip",
                "payslip, pay slip, pay stub, salary slip, wage, wages, payroll, earnings statement, net pay, gross pay",
                "payslip, pay slip, pay stub, net pay, gross pay, payroll, deductions, ytd, year to date, pay period, employee id,"
                        + " lohnabrechnung, bulletin de paie, nomina");
        concept(
                "purchase_order",
                "purchase order, order, ordered, procurement, buyer",
                "purchase order, p.o. number, po number, order number, order date,"
                        + " ship via, bestellung, bon de commande, orden de compra");
        concept(
                "report",
                "report, analysis, findings, summary, overview, review, assessment, evaluation",
                "report, executive summary, findings, recommendation*, overview, analysis, assessment, evaluation, table of contents, rapport,"
                        + " bericht, informe, 报告",
                Kind.NUMBERED_SECTIONS,
                Kind.TABLES);
        concept("memo", "memo, memorandum, internal note", "memo, memorandum, to:, from:, date:, subject:, re:");
        concept("email", "email, e-mail, message, mail", "from:, to:, sent:, subject:, cc:, forwarded message, wrote:");
        concept(
                "manual",
                "manual, guide, instructions, how to, user guide, documentation, handbook, tutorial",
                "manual, user guide, instructions, step, steps, click, install*, configure, troubleshoot*, warning, caution, note:",
                Kind.NUMBERED_SECTIONS,
                Kind.BULLETS);
        concept(
                "policy",
                "policy, policies, rules, regulation, compliance, code of conduct, guidelines, privacy",
                "policy, policies, privacy, compliance, must, must not, prohibited, permitted, guideline*, code of conduct, regulation*");
        concept(
                "certificate",
                "certificate, certification, certify, award, diploma, verification, attest",
                "certificate, certif*, hereby certify, this is to certify, awarded, diploma, verified, verification, attest*, assurance");
        concept(
                "medical",
                "medical, patient, clinical, diagnosis, treatment, prescription, health, drug, hospital, physician",
                "patient, clinical, diagnos*, treatment, prescription, dosage, physician, hospital, drug, fda, adverse, symptom*");
        concept("tables", "table, tables, tabular, spreadsheet, columns, rows, figures", "", Kind.TABLES);
        concept("contact", "contact, email address, phone, telephone, address", "", Kind.CONTACT);
        concept("images", "image, images, photo, photograph, picture, scanned, logo, diagram, chart", "", Kind.IMAGES);
        concept("lists", "list, lists, bullet, bullets, bullet points, enumerated", "", Kind.BULLETS);
        LayoutConcepts.register();
    }
}
