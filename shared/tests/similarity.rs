//! "Possible duplicates": the labelled corpus that tunes `similarity::DUPLICATE_THRESHOLD`,
//! and the unit tests of the similarity module.
//!
//! The corpus holds Marketing ↔ Customer Service summit cards in English, German,
//! French and Spanish, in pairs: about half say the same thing in other words
//! (paraphrases, singular/plural, typos, word order, accents left out), half are
//! different problems on the same topic (the hard negatives) or unrelated. Run with
//! `--nocapture` to see precision and recall per language and per threshold.

use proptest::prelude::*;
use summit_shared::similarity::{
    fingerprint, groups, likely_duplicates, similarity, DUPLICATE_THRESHOLD,
};

/// (language, card, card, same problem?)
const CORPUS: &[(&str, &str, &str, bool)] = &[
    // English: duplicates.
    (
        "en",
        "Customers hear about promotions from ads before support knows",
        "Support learns about promotions from customers",
        true,
    ),
    (
        "en",
        "Marketing launches campaigns without telling customer service",
        "Customer service is not told when marketing launches a campaign",
        true,
    ),
    (
        "en",
        "Discount codes in the newsletter don't work at checkout",
        "Newsletter discount code doesnt work at checkout",
        true,
    ),
    (
        "en",
        "Support agents can't see which promotion a customer received",
        "Agents cannot see which promo the customer got",
        true,
    ),
    (
        "en",
        "Too many complaints about misleading ad claims",
        "Complaints about misleading claims in our ads",
        true,
    ),
    (
        "en",
        "Marketing emails are sent to customers who unsubscribed",
        "Unsubscribed customers still receive marketing emails",
        true,
    ),
    (
        "en",
        "No shared calendar of campaigns between marketing and support",
        "We need a shared campaign calendar for marketing and support",
        true,
    ),
    (
        "en",
        "Social media complaints are answered too slowly",
        "Complaints on social media get slow answers",
        true,
    ),
    (
        "en",
        "Product pages promise delivery times we can't keep",
        "Delivery times promised on the product pages are unrealistic",
        true,
    ),
    (
        "en",
        "Customer feedback from support never reaches marketing",
        "Marketing never gets the customer feedback collected by support",
        true,
    ),
    (
        "en",
        "The FAQ is out of date after every product launch",
        "FAQ outdated after product launches",
        true,
    ),
    (
        "en",
        "Call volume spikes after every email campaign",
        "Every email campaign causes a spike in calls",
        true,
    ),
    (
        "en",
        "Support scripts don't match the tone of our brand",
        "Support scripts do not match the brand tone",
        true,
    ),
    (
        "en",
        "Customers are confused by the new pricing page",
        "The new pricing page confuses customers",
        true,
    ),
    (
        "en",
        "Loyalty program rules are unclear to customers and agents",
        "Nobody understands the loyalty programme rules, neither customers nor agents",
        true,
    ),
    (
        "en",
        "Promo terms and conditions are hard to find",
        "Customers can't find the terms of the promotion",
        true,
    ),
    // English: different problems.
    (
        "en",
        "Discount codes in the newsletter don't work at checkout",
        "Discount codes are shared on coupon sites and abused",
        false,
    ),
    (
        "en",
        "Marketing emails are sent to customers who unsubscribed",
        "Marketing emails land in the spam folder",
        false,
    ),
    (
        "en",
        "Support agents can't see which promotion a customer received",
        "Support agents can't issue refunds without a manager",
        false,
    ),
    (
        "en",
        "Social media complaints are answered too slowly",
        "Social media posts are approved too slowly by legal",
        false,
    ),
    (
        "en",
        "Customer feedback from support never reaches marketing",
        "Customer feedback surveys have a very low response rate",
        false,
    ),
    (
        "en",
        "The FAQ is out of date after every product launch",
        "Product launch dates change without notice",
        false,
    ),
    (
        "en",
        "Call volume spikes after every email campaign",
        "Email campaigns have a low open rate",
        false,
    ),
    (
        "en",
        "Customers are confused by the new pricing page",
        "The new pricing is too expensive for small customers",
        false,
    ),
    (
        "en",
        "Loyalty program rules are unclear to customers and agents",
        "Loyalty points expire too quickly",
        false,
    ),
    (
        "en",
        "Marketing launches campaigns without telling customer service",
        "Marketing launches campaigns without a clear target audience",
        false,
    ),
    (
        "en",
        "No shared calendar of campaigns between marketing and support",
        "No shared customer database between marketing and support",
        false,
    ),
    (
        "en",
        "Product pages promise delivery times we can't keep",
        "Product pages have outdated photos",
        false,
    ),
    (
        "en",
        "Chat bot gives wrong answers about promotions",
        "Customers hear about promotions from ads before support knows",
        false,
    ),
    (
        "en",
        "Support tickets are not tagged by campaign",
        "Support tickets wait too long for a first reply",
        false,
    ),
    (
        "en",
        "Marketing budget is cut every quarter",
        "Customers wait 20 minutes on hold",
        false,
    ),
    (
        "en",
        "Brand guidelines are not shared with the support team",
        "The support team has no training on new products",
        false,
    ),
    // German: duplicates.
    (
        "de",
        "Kunden erfahren von Aktionen aus der Werbung, bevor der Kundenservice Bescheid weiß",
        "Der Kundenservice erfährt von neuen Aktionen erst durch die Kunden",
        true,
    ),
    (
        "de",
        "Das Marketing startet Kampagnen, ohne den Kundendienst zu informieren",
        "Kundendienst wird nicht informiert, wenn Marketing eine Kampagne startet",
        true,
    ),
    (
        "de",
        "Rabattcodes aus dem Newsletter funktionieren an der Kasse nicht",
        "Newsletter-Rabattcode funktioniert nicht an der Kasse",
        true,
    ),
    (
        "de",
        "Kündigungen über das Kontaktformular gehen verloren",
        "Kundigungen im Kontaktformular gehen verloren",
        true,
    ),
    (
        "de",
        "Zu viele Beschwerden über irreführende Werbeversprechen",
        "Beschwerden über irreführende Versprechen in der Werbung",
        true,
    ),
    (
        "de",
        "Abgemeldete Kunden bekommen weiterhin Werbe-E-Mails",
        "Werbe-Mails gehen auch an Kunden, die sich abgemeldet haben",
        true,
    ),
    (
        "de",
        "Es gibt keinen gemeinsamen Kampagnenkalender für Marketing und Service",
        "Gemeinsamer Kampagnen-Kalender von Marketing und Kundenservice fehlt",
        true,
    ),
    (
        "de",
        "Beschwerden in sozialen Medien werden zu langsam beantwortet",
        "Antworten auf Beschwerden in Social Media dauern zu lange",
        true,
    ),
    (
        "de",
        "Lieferzeiten auf den Produktseiten sind unrealistisch",
        "Die Produktseiten versprechen Lieferzeiten, die wir nicht einhalten",
        true,
    ),
    (
        "de",
        "Kundenfeedback aus dem Service kommt nie beim Marketing an",
        "Marketing bekommt das Feedback der Kunden vom Service nie",
        true,
    ),
    (
        "de",
        "Die FAQ ist nach jedem Produktstart veraltet",
        "FAQ nach Produkteinführungen immer veraltet",
        true,
    ),
    (
        "de",
        "Nach jeder E-Mail-Kampagne steigt das Anrufaufkommen stark an",
        "Anrufaufkommen steigt nach jeder Mailkampagne",
        true,
    ),
    (
        "de",
        "Kunden verstehen die neue Preisseite nicht",
        "Die neue Preisseite verwirrt die Kunden",
        true,
    ),
    (
        "de",
        "Die Regeln des Treueprogramms sind unklar",
        "Treueprogramm-Regeln sind für Kunden und Mitarbeiter unverständlich",
        true,
    ),
    (
        "de",
        "Teilnahmebedingungen für Gewinnspiele sind schwer zu finden",
        "Kunden finden die Teilnahmebedingungen des Gewinnspiels nicht",
        true,
    ),
    (
        "de",
        "Service-Mitarbeiter sehen nicht, welches Angebot der Kunde bekommen hat",
        "Mitarbeiter im Service sehen nicht welches Angebot ein Kunde erhalten hat",
        true,
    ),
    // German: different problems.
    (
        "de",
        "Rabattcodes aus dem Newsletter funktionieren an der Kasse nicht",
        "Rabattcodes werden auf Gutscheinseiten geteilt und missbraucht",
        false,
    ),
    (
        "de",
        "Abgemeldete Kunden bekommen weiterhin Werbe-E-Mails",
        "Werbe-E-Mails landen im Spam-Ordner",
        false,
    ),
    (
        "de",
        "Service-Mitarbeiter sehen nicht, welches Angebot der Kunde bekommen hat",
        "Service-Mitarbeiter dürfen ohne Teamleiter keine Gutschriften geben",
        false,
    ),
    (
        "de",
        "Beschwerden in sozialen Medien werden zu langsam beantwortet",
        "Beiträge in sozialen Medien werden von der Rechtsabteilung zu langsam freigegeben",
        false,
    ),
    (
        "de",
        "Kundenfeedback aus dem Service kommt nie beim Marketing an",
        "Kundenumfragen haben eine sehr niedrige Rücklaufquote",
        false,
    ),
    (
        "de",
        "Die FAQ ist nach jedem Produktstart veraltet",
        "Termine für den Produktstart ändern sich ohne Vorwarnung",
        false,
    ),
    (
        "de",
        "Nach jeder E-Mail-Kampagne steigt das Anrufaufkommen stark an",
        "E-Mail-Kampagnen haben eine niedrige Öffnungsrate",
        false,
    ),
    (
        "de",
        "Kunden verstehen die neue Preisseite nicht",
        "Die neuen Preise sind für kleine Kunden zu teuer",
        false,
    ),
    (
        "de",
        "Die Regeln des Treueprogramms sind unklar",
        "Treuepunkte verfallen zu schnell",
        false,
    ),
    (
        "de",
        "Das Marketing startet Kampagnen, ohne den Kundendienst zu informieren",
        "Das Marketing startet Kampagnen ohne klare Zielgruppe",
        false,
    ),
    (
        "de",
        "Es gibt keinen gemeinsamen Kampagnenkalender für Marketing und Service",
        "Es gibt keine gemeinsame Kundendatenbank für Marketing und Service",
        false,
    ),
    (
        "de",
        "Lieferzeiten auf den Produktseiten sind unrealistisch",
        "Die Produktfotos auf den Produktseiten sind veraltet",
        false,
    ),
    (
        "de",
        "Der Chatbot gibt falsche Antworten zu Aktionen",
        "Kunden erfahren von Aktionen aus der Werbung, bevor der Kundenservice Bescheid weiß",
        false,
    ),
    (
        "de",
        "Tickets im Kundenservice werden nicht nach Kampagne markiert",
        "Tickets im Kundenservice warten zu lange auf die erste Antwort",
        false,
    ),
    (
        "de",
        "Das Marketingbudget wird jedes Quartal gekürzt",
        "Kunden warten 20 Minuten in der Warteschleife",
        false,
    ),
    (
        "de",
        "Kündigungen über das Kontaktformular gehen verloren",
        "Kündigungen werden zu langsam bearbeitet",
        false,
    ),
    // French: duplicates.
    (
        "fr",
        "Les clients découvrent les promotions par la pub avant le service client",
        "Le service client apprend les promotions par les clients",
        true,
    ),
    (
        "fr",
        "Le marketing lance des campagnes sans prévenir le service client",
        "Service client pas prévenu quand le marketing lance une campagne",
        true,
    ),
    (
        "fr",
        "Les codes promo de la newsletter ne marchent pas au paiement",
        "Code promo newsletter ne fonctionne pas au paiement",
        true,
    ),
    (
        "fr",
        "Les conseillers ne voient pas quelle offre le client a reçue",
        "Les conseilleurs ne voient pas l'offre recue par le client",
        true,
    ),
    (
        "fr",
        "Trop de réclamations sur des publicités trompeuses",
        "Beaucoup de reclamations a cause de pubs trompeuses",
        true,
    ),
    (
        "fr",
        "Des clients désinscrits reçoivent encore des emails marketing",
        "Les emails marketing partent aussi aux clients desinscrits",
        true,
    ),
    (
        "fr",
        "Pas de calendrier commun des campagnes entre marketing et service client",
        "Il faut un calendrier des campagnes partagé entre le marketing et le SAV",
        true,
    ),
    (
        "fr",
        "Les réclamations sur les réseaux sociaux sont traitées trop lentement",
        "Réponses trop lentes aux réclamations sur les réseaux sociaux",
        true,
    ),
    (
        "fr",
        "Les fiches produit promettent des délais de livraison irréalistes",
        "Délais de livraison promis sur les fiches produits intenables",
        true,
    ),
    (
        "fr",
        "Les retours clients du SAV n'arrivent jamais au marketing",
        "Le marketing ne reçoit jamais les retours clients collectés par le SAV",
        true,
    ),
    (
        "fr",
        "La FAQ est obsolète après chaque lancement de produit",
        "FAQ pas à jour après les lancements de produits",
        true,
    ),
    (
        "fr",
        "Le volume d'appels explose après chaque campagne emailing",
        "Chaque campagne d'emailing fait exploser les appels",
        true,
    ),
    (
        "fr",
        "Les clients ne comprennent pas la nouvelle page des tarifs",
        "La nouvelle page tarifs embrouille les clients",
        true,
    ),
    (
        "fr",
        "Les règles du programme de fidélité sont floues",
        "Regles du programme fidelite pas claires pour les clients",
        true,
    ),
    (
        "fr",
        "Les conditions des jeux concours sont difficiles à trouver",
        "Les clients ne trouvent pas les conditions du jeu concours",
        true,
    ),
    (
        "fr",
        "Les scripts du service client ne respectent pas le ton de la marque",
        "Le ton de la marque n'est pas respecté dans les scripts du service client",
        true,
    ),
    // French: different problems.
    (
        "fr",
        "Les codes promo de la newsletter ne marchent pas au paiement",
        "Les codes promo sont partagés sur des sites de bons plans",
        false,
    ),
    (
        "fr",
        "Des clients désinscrits reçoivent encore des emails marketing",
        "Les emails marketing arrivent dans les spams",
        false,
    ),
    (
        "fr",
        "Les conseillers ne voient pas quelle offre le client a reçue",
        "Les conseillers ne peuvent pas rembourser sans un responsable",
        false,
    ),
    (
        "fr",
        "Les réclamations sur les réseaux sociaux sont traitées trop lentement",
        "Les publications sur les réseaux sociaux sont validées trop lentement par le juridique",
        false,
    ),
    (
        "fr",
        "Les retours clients du SAV n'arrivent jamais au marketing",
        "Les enquêtes de satisfaction ont un taux de réponse très bas",
        false,
    ),
    (
        "fr",
        "La FAQ est obsolète après chaque lancement de produit",
        "Les dates de lancement de produit changent sans prévenir",
        false,
    ),
    (
        "fr",
        "Le volume d'appels explose après chaque campagne emailing",
        "Les campagnes emailing ont un faible taux d'ouverture",
        false,
    ),
    (
        "fr",
        "Les clients ne comprennent pas la nouvelle page des tarifs",
        "Les nouveaux tarifs sont trop chers pour les petits clients",
        false,
    ),
    (
        "fr",
        "Les règles du programme de fidélité sont floues",
        "Les points de fidélité expirent trop vite",
        false,
    ),
    (
        "fr",
        "Le marketing lance des campagnes sans prévenir le service client",
        "Le marketing lance des campagnes sans cible claire",
        false,
    ),
    (
        "fr",
        "Pas de calendrier commun des campagnes entre marketing et service client",
        "Pas de base clients commune entre marketing et service client",
        false,
    ),
    (
        "fr",
        "Les fiches produit promettent des délais de livraison irréalistes",
        "Les photos des fiches produit sont obsolètes",
        false,
    ),
    (
        "fr",
        "Le chatbot donne de mauvaises réponses sur les promotions",
        "Les clients découvrent les promotions par la pub avant le service client",
        false,
    ),
    (
        "fr",
        "Les tickets du SAV ne sont pas classés par campagne",
        "Les tickets du SAV attendent trop longtemps une première réponse",
        false,
    ),
    (
        "fr",
        "Le budget marketing baisse chaque trimestre",
        "Les clients attendent 20 minutes au téléphone",
        false,
    ),
    (
        "fr",
        "Les résiliations envoyées par le formulaire de contact se perdent",
        "Les résiliations sont traitées trop lentement",
        false,
    ),
    // Spanish: duplicates.
    (
        "es",
        "Los clientes se enteran de las promociones por los anuncios antes que atención al cliente",
        "Atención al cliente se entera de las promociones por los clientes",
        true,
    ),
    (
        "es",
        "Marketing lanza campañas sin avisar a atención al cliente",
        "No avisan a atención al cliente cuando marketing lanza una campaña",
        true,
    ),
    (
        "es",
        "Los códigos de descuento del boletín no funcionan al pagar",
        "Codigo de descuento del boletin no funciona al pagar",
        true,
    ),
    (
        "es",
        "Los agentes no ven qué promoción recibió el cliente",
        "Los agentes no pueden ver que promocion le llego al cliente",
        true,
    ),
    (
        "es",
        "Demasiadas quejas por anuncios engañosos",
        "Muchas quejas por publicidad engañosa en los anuncios",
        true,
    ),
    (
        "es",
        "Clientes dados de baja siguen recibiendo correos de marketing",
        "Los correos de marketing llegan a clientes que se dieron de baja",
        true,
    ),
    (
        "es",
        "No hay un calendario común de campañas entre marketing y soporte",
        "Falta un calendario de campañas compartido entre marketing y soporte",
        true,
    ),
    (
        "es",
        "Las quejas en redes sociales se responden demasiado tarde",
        "Respuestas muy lentas a las quejas en redes sociales",
        true,
    ),
    (
        "es",
        "Las fichas de producto prometen plazos de entrega imposibles",
        "Plazos de entrega prometidos en las fichas de producto son irreales",
        true,
    ),
    (
        "es",
        "Los comentarios de los clientes en soporte nunca llegan a marketing",
        "Marketing nunca recibe los comentarios de clientes que recoge soporte",
        true,
    ),
    (
        "es",
        "Las preguntas frecuentes quedan desactualizadas tras cada lanzamiento",
        "Preguntas frecuentes desactualizadas despues de cada lanzamiento de producto",
        true,
    ),
    (
        "es",
        "El volumen de llamadas se dispara tras cada campaña de email",
        "Cada campaña de email dispara las llamadas",
        true,
    ),
    (
        "es",
        "Los clientes no entienden la nueva página de precios",
        "La nueva pagina de precios confunde a los clientes",
        true,
    ),
    (
        "es",
        "Las reglas del programa de fidelización no están claras",
        "Reglas del programa de fidelizacion poco claras para clientes y agentes",
        true,
    ),
    (
        "es",
        "Las bases de los sorteos son difíciles de encontrar",
        "Los clientes no encuentran las bases del sorteo",
        true,
    ),
    (
        "es",
        "Los guiones de soporte no siguen el tono de la marca",
        "El tono de la marca no se respeta en los guiones de soporte",
        true,
    ),
    // Spanish: different problems.
    (
        "es",
        "Los códigos de descuento del boletín no funcionan al pagar",
        "Los códigos de descuento se comparten en webs de cupones",
        false,
    ),
    (
        "es",
        "Clientes dados de baja siguen recibiendo correos de marketing",
        "Los correos de marketing llegan a la carpeta de spam",
        false,
    ),
    (
        "es",
        "Los agentes no ven qué promoción recibió el cliente",
        "Los agentes no pueden hacer reembolsos sin un supervisor",
        false,
    ),
    (
        "es",
        "Las quejas en redes sociales se responden demasiado tarde",
        "Las publicaciones en redes sociales tardan demasiado en aprobarse por legal",
        false,
    ),
    (
        "es",
        "Los comentarios de los clientes en soporte nunca llegan a marketing",
        "Las encuestas de satisfacción tienen muy poca respuesta",
        false,
    ),
    (
        "es",
        "Las preguntas frecuentes quedan desactualizadas tras cada lanzamiento",
        "Las fechas de lanzamiento de producto cambian sin aviso",
        false,
    ),
    (
        "es",
        "El volumen de llamadas se dispara tras cada campaña de email",
        "Las campañas de email tienen una tasa de apertura baja",
        false,
    ),
    (
        "es",
        "Los clientes no entienden la nueva página de precios",
        "Los nuevos precios son demasiado caros para clientes pequeños",
        false,
    ),
    (
        "es",
        "Las reglas del programa de fidelización no están claras",
        "Los puntos de fidelización caducan demasiado pronto",
        false,
    ),
    (
        "es",
        "Marketing lanza campañas sin avisar a atención al cliente",
        "Marketing lanza campañas sin un público objetivo claro",
        false,
    ),
    (
        "es",
        "No hay un calendario común de campañas entre marketing y soporte",
        "No hay una base de datos de clientes común entre marketing y soporte",
        false,
    ),
    (
        "es",
        "Las fichas de producto prometen plazos de entrega imposibles",
        "Las fotos de las fichas de producto están desactualizadas",
        false,
    ),
    (
        "es",
        "El chatbot da respuestas erróneas sobre las promociones",
        "Los clientes se enteran de las promociones por los anuncios antes que atención al cliente",
        false,
    ),
    (
        "es",
        "Los tickets de soporte no se etiquetan por campaña",
        "Los tickets de soporte esperan demasiado la primera respuesta",
        false,
    ),
    (
        "es",
        "El presupuesto de marketing se recorta cada trimestre",
        "Los clientes esperan 20 minutos al teléfono",
        false,
    ),
    (
        "es",
        "Las bajas enviadas por el formulario de contacto se pierden",
        "Las bajas se tramitan demasiado lento",
        false,
    ),
];

const LANGUAGES: [&str; 4] = ["en", "de", "fr", "es"];

/// True and false positives and negatives at one threshold.
#[derive(Clone, Copy, Default)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
    tn: u32,
}

impl Counts {
    fn add(&mut self, score: u32, threshold: u32, same: bool) {
        match (score >= threshold, same) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    /// Precision in per-mille (1000 when nothing is flagged: no wrong suggestion).
    fn precision(self) -> u32 {
        per_mille(self.tp, self.tp + self.fp)
    }

    /// Recall in per-mille.
    fn recall(self) -> u32 {
        per_mille(self.tp, self.tp + self.fn_)
    }
}

fn per_mille(part: u32, whole: u32) -> u32 {
    (1000 * part).checked_div(whole).unwrap_or(1000)
}

fn fmt(per_mille: u32) -> String {
    format!("{}.{:03}", per_mille / 1000, per_mille % 1000)
}

fn scores() -> Vec<(&'static str, u32, bool)> {
    CORPUS
        .iter()
        .map(|&(lang, a, b, same)| (lang, similarity(&fingerprint(a), &fingerprint(b)), same))
        .collect()
}

fn counts_at(scores: &[(&str, u32, bool)], threshold: u32, lang: Option<&str>) -> Counts {
    let mut counts = Counts::default();
    for &(l, score, same) in scores {
        if lang.is_none_or(|lang| lang == l) {
            counts.add(score, threshold, same);
        }
    }
    counts
}

#[test]
fn corpus_is_large_enough_and_balanced() {
    for lang in LANGUAGES {
        let pairs: Vec<_> = CORPUS.iter().filter(|p| p.0 == lang).collect();
        let same = pairs.iter().filter(|p| p.3).count();
        assert!(pairs.len() >= 30, "{lang}: {} pairs", pairs.len());
        assert!(
            same * 3 >= pairs.len() && same * 3 <= pairs.len() * 2,
            "{lang}: {same} duplicates of {}",
            pairs.len()
        );
    }
    assert!(CORPUS.iter().all(|p| LANGUAGES.contains(&p.0)));
}

#[test]
fn precision_and_recall_on_the_corpus() {
    let scores = scores();

    println!("\nEvery pair's score (per-mille); WRONG: misjudged at DUPLICATE_THRESHOLD");
    for &(lang, a, b, same) in CORPUS {
        let score = similarity(&fingerprint(a), &fingerprint(b));
        let wrong = (score >= DUPLICATE_THRESHOLD) != same;
        println!(
            "  {lang} {} {score:4} {}  {a:?} / {b:?}",
            if same { "dup " } else { "diff" },
            if wrong { "WRONG" } else { "     " }
        );
    }

    println!("\nPer threshold, all languages (precision / recall):");
    println!("  threshold  precision  recall   tp  fp  fn");
    for threshold in (200..=600).step_by(25) {
        let c = counts_at(&scores, threshold, None);
        println!(
            "  {threshold:9}  {:>9}  {:>6}  {:3} {:3} {:3}{}",
            fmt(c.precision()),
            fmt(c.recall()),
            c.tp,
            c.fp,
            c.fn_,
            if threshold == DUPLICATE_THRESHOLD {
                "   <- DUPLICATE_THRESHOLD"
            } else {
                ""
            }
        );
    }

    println!("\nAt DUPLICATE_THRESHOLD = {DUPLICATE_THRESHOLD}:");
    println!("  language  precision  recall   tp  fp  fn  tn");
    for lang in LANGUAGES.iter().map(|l| Some(*l)).chain([None]) {
        let c = counts_at(&scores, DUPLICATE_THRESHOLD, lang);
        println!(
            "  {:8}  {:>9}  {:>6}  {:3} {:3} {:3} {:3}",
            lang.unwrap_or("all"),
            fmt(c.precision()),
            fmt(c.recall()),
            c.tp,
            c.fp,
            c.fn_,
            c.tn
        );
    }

    // A room per language: its distinct cards in one group, every pair compared. A
    // suggestion is right when the corpus labels the pair a duplicate; the pairs it does
    // not label at all are counted as different problems (most are).
    println!("\nEach language's cards in one room, as likely_duplicates suggests them:");
    println!("  language  cards  pairs  suggested  labelled duplicates  others");
    for lang in LANGUAGES {
        let mut cards: Vec<&str> = Vec::new();
        for &(l, a, b, _) in CORPUS {
            for text in [a, b] {
                if l == lang && !cards.contains(&text) {
                    cards.push(text);
                }
            }
        }
        let room: Vec<(u32, &str)> = cards.iter().map(|t| (0, *t)).collect();
        let found = likely_duplicates(&room);
        let right = found
            .iter()
            .filter(|&&(i, j, _)| {
                CORPUS.iter().any(|&(l, a, b, same)| {
                    same && l == lang
                        && ((a, b) == (cards[i], cards[j]) || (b, a) == (cards[i], cards[j]))
                })
            })
            .count();
        println!(
            "  {lang:8}  {:5}  {:5}  {:9}  {right:19}  {:6}",
            cards.len(),
            cards.len() * (cards.len() - 1) / 2,
            found.len(),
            found.len() - right
        );
    }

    let all = counts_at(&scores, DUPLICATE_THRESHOLD, None);
    assert!(all.tp > 0, "nothing found at all");
    assert!(all.precision() >= 800, "precision {}", fmt(all.precision()));
    assert!(all.recall() >= 600, "recall {}", fmt(all.recall()));
}

#[test]
fn identical_text_scores_1000() {
    for (_, a, b, _) in CORPUS {
        assert_eq!(similarity(&fingerprint(a), &fingerprint(a)), 1000);
        assert_eq!(similarity(&fingerprint(b), &fingerprint(b)), 1000);
    }
}

#[test]
fn similarity_is_symmetric_and_bounded() {
    for (_, a, b, _) in CORPUS {
        let (fa, fb) = (fingerprint(a), fingerprint(b));
        let s = similarity(&fa, &fb);
        assert_eq!(s, similarity(&fb, &fa));
        assert!(s <= 1000);
    }
}

#[test]
fn accents_case_and_punctuation_are_ignored() {
    let same = |a: &str, b: &str| {
        assert_eq!(fingerprint(a), fingerprint(b), "{a:?} / {b:?}");
        assert_eq!(similarity(&fingerprint(a), &fingerprint(b)), 1000);
    };
    same("Kündigung", "kundigung");
    same("KÜNDIGUNG!", "kundigung");
    same("Réclamations, déçues…", "reclamations decues");
    same(
        "Atención al cliente: ¿campaña?",
        "ATENCION AL CLIENTE CAMPANA",
    );
    same("Straße", "strasse");
    same("Œuvre, Æther", "oeuvre aether");
    same(
        "ÀÁÂÄÃÅ ÇÉÈÊË ÍÌÎÏ Ñ ÓÒÔÖÕ ÚÙÛÜ",
        "aaaaaa ceeee iiii n ooooo uuuu",
    );
    same(
        "àáâäãå çéèêë íìîï ñ óòôöõ úùûü ÿ",
        "aaaaaa ceeee iiii n ooooo uuuu y",
    );
    // A decomposed accent (e + U+0301) and a zero-width space do not split the word.
    same("re\u{301}clamation", "réclamation");
    same("pro\u{200B}motion", "promotion");
    // Word order does not matter when each word is padded.
    same("marketing support", "support marketing");
}

#[test]
fn empty_and_odd_texts_do_not_panic() {
    let empty = fingerprint("");
    assert!(empty.is_empty());
    assert_eq!(similarity(&empty, &empty), 0);
    assert_eq!(similarity(&empty, &fingerprint("promotion")), 0);
    assert_eq!(fingerprint("  ,;!?  "), empty);
    assert_eq!(fingerprint("🎉🔥👍🏽 👨‍👩‍👧"), empty);

    let long = "Kunden beschweren sich über Werbung 🎉 ".repeat(60);
    let odd = [
        "",
        " ",
        "a",
        "ab",
        "🎉",
        "\u{200F}\u{202E}",
        "שירות הלקוחות לא יודע על המבצעים",
        "خدمة العملاء لا تعرف عن العروض؟",
        "客服不知道促销活动。",
        "\u{0}\u{7F}\u{10FFFF}",
        "e\u{301}\u{301}\u{301}",
        long.as_str(),
    ];
    assert!(long.chars().count() >= 2000);
    for a in odd {
        for b in odd {
            let s = similarity(&fingerprint(a), &fingerprint(b));
            assert!(s <= 1000);
        }
    }
    let cards: Vec<(u32, &str)> = odd.iter().map(|t| (0, *t)).collect();
    for (i, j, s) in likely_duplicates(&cards) {
        assert!(i < j && j < cards.len() && s >= DUPLICATE_THRESHOLD);
    }
    // Right-to-left text is compared like any other.
    assert_eq!(similarity(&fingerprint(odd[6]), &fingerprint(odd[6])), 1000);
}

#[test]
fn likely_duplicates_pairs_only_within_a_group_best_first() {
    let cards: &[(u32, &str)] = &[
        (1, "Discount codes in the newsletter don't work at checkout"),
        (2, "Newsletter discount code doesnt work at checkout"),
        (1, "Newsletter discount code doesnt work at checkout"),
        (1, "Loyalty points expire too quickly"),
        (2, "Discount codes in the newsletter don't work at checkout"),
        (
            1,
            "Discount codes in the newsletter don't work at checkout!",
        ),
        (2, "Loyalty points expire too quickly"),
    ];
    let found = likely_duplicates(cards);
    for &(i, j, s) in &found {
        assert!(i < j);
        assert_eq!(cards[i].0, cards[j].0, "({i}, {j}) across groups");
        assert_eq!(
            s,
            similarity(&fingerprint(cards[i].1), &fingerprint(cards[j].1))
        );
        assert!(s >= DUPLICATE_THRESHOLD);
    }
    let pairs: Vec<(usize, usize)> = found.iter().map(|&(i, j, _)| (i, j)).collect();
    // 0 and 5 are the same text (1000); 1 and 4, and 0–2 and 2–5, the same paraphrase.
    assert_eq!(pairs, vec![(0, 5), (0, 2), (1, 4), (2, 5)]);
    assert_eq!(found[0].2, 1000);
    assert!(found[1].2 < 1000);
    assert_eq!(found[1].2, found[2].2);
    assert_eq!(found[2].2, found[3].2);
    // Best first, ties by i then j.
    for w in found.windows(2) {
        let ((i1, j1, s1), (i2, j2, s2)) = (w[0], w[1]);
        assert!(s1 > s2 || (s1 == s2 && (i1, j1) < (i2, j2)));
    }
    assert!(likely_duplicates(&[]).is_empty());
    assert!(likely_duplicates(&[(0, "")]).is_empty());
    assert!(likely_duplicates(&[(0, ""), (0, "")]).is_empty());
}

#[test]
fn likely_duplicates_agrees_with_similarity_on_the_corpus() {
    // Every card of the corpus in one group, and in four: the index must find exactly
    // the pairs that comparing every pair finds.
    let cards: Vec<(u32, &str)> = CORPUS
        .iter()
        .flat_map(|&(_, a, b, _)| [(0, a), (0, b)])
        .collect();
    assert!(!brute_force(&cards).is_empty());
    assert_eq!(likely_duplicates(&cards), brute_force(&cards));
    let grouped: Vec<(u32, &str)> = cards
        .iter()
        .enumerate()
        .map(|(k, c)| (k as u32 % 4, c.1))
        .collect();
    assert_eq!(likely_duplicates(&grouped), brute_force(&grouped));
}

/// `likely_duplicates` as the definition says, one pair at a time.
fn brute_force(cards: &[(u32, &str)]) -> Vec<(usize, usize, u32)> {
    let prints: Vec<_> = cards.iter().map(|c| fingerprint(c.1)).collect();
    let mut expected = Vec::new();
    for i in 0..cards.len() {
        for j in i + 1..cards.len() {
            let s = similarity(&prints[i], &prints[j]);
            if cards[i].0 == cards[j].0 && s >= DUPLICATE_THRESHOLD {
                expected.push((i, j, s));
            }
        }
    }
    expected.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    expected
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Random rooms of cards made from a few words, in a few groups: the index finds
    /// exactly the pairs that comparing every pair finds, in the same order.
    #[test]
    fn likely_duplicates_agrees_with_brute_force(
        cards in prop::collection::vec(
            (0u32..3, prop::collection::vec(prop::sample::select(vec![
                "support", "supports", "marketing", "Kampagne", "kampagnen", "promo",
                "promotions", "réclamation", "reclamations", "clientes", "de", "la", "🎉",
                "",
            ]), 0..7)),
            0..40,
        )
    ) {
        let texts: Vec<(u32, String)> = cards.into_iter().map(|(g, w)| (g, w.join(" "))).collect();
        let cards: Vec<(u32, &str)> = texts.iter().map(|(g, t)| (*g, t.as_str())).collect();
        prop_assert_eq!(likely_duplicates(&cards), brute_force(&cards));
    }

    /// Any text, however odd: no panic, a score within bounds, 1000 against itself
    /// when it has any letter.
    #[test]
    fn any_text_is_safe(a in any::<String>(), b in any::<String>()) {
        let (fa, fb) = (fingerprint(&a), fingerprint(&b));
        prop_assert!(similarity(&fa, &fb) <= 1000);
        prop_assert_eq!(similarity(&fa, &fb), similarity(&fb, &fa));
        prop_assert_eq!(similarity(&fa, &fa), if fa.is_empty() { 0 } else { 1000 });
        let found = likely_duplicates(&[(0, a.as_str()), (0, b.as_str()), (1, a.as_str())]);
        prop_assert!(found.iter().all(|&(i, j, s)| i < j && j <= 1 && s >= DUPLICATE_THRESHOLD));
    }
}

#[test]
fn look_alike_pairs_join_into_one_group_per_chain() {
    // 3 is alike to 1 and to 2 (through 1), 7 to 5. The others come in the order
    // of their first pair: the caller lists the likeliest first.
    let pairs = [(3, 1), (2, 1), (7, 5), (3, 2)];
    assert_eq!(groups(&pairs), vec![(1, vec![3, 2]), (5, vec![7])]);
}

#[test]
fn the_card_named_most_as_original_stays_and_the_first_named_on_a_tie() {
    // A participant said 1 is the same as 4: 4 stays, as suggested.
    assert_eq!(groups(&[(1, 4)]), vec![(4, vec![1])]);
    // 4 is named once, 2 twice.
    assert_eq!(groups(&[(1, 4), (3, 2), (4, 2)]), vec![(2, vec![1, 4, 3])]);
    // 3, 2 and 4 each named once: 3 first.
    assert_eq!(groups(&[(5, 3), (4, 2), (5, 4)]), vec![(3, vec![5, 4, 2])]);
    // A suggestion (1 is 4), then a pair found alike (5 is 1): the suggestion's
    // original stays, though 1 is the earlier card.
    assert_eq!(groups(&[(1, 4), (5, 1)]), vec![(4, vec![1, 5])]);
}

#[test]
fn two_groups_joined_by_a_later_pair_keep_the_first_ones_place() {
    let pairs = [(2, 1), (6, 5), (9, 8), (8, 2)];
    assert_eq!(groups(&pairs), vec![(1, vec![2, 9, 8]), (5, vec![6])]);
}

proptest! {
    /// Every card of every pair is in exactly one group, with the other card of its
    /// pair; a group lists each of its other cards once, never the card that stays.
    #[test]
    fn groups_partition_the_cards_of_the_pairs(pairs in proptest::collection::vec((0u8..24, 0u8..24), 0..40)) {
        let pairs: Vec<(u8, u8)> = pairs.into_iter().filter(|(a, b)| a != b).collect();
        let found = groups(&pairs);
        let group_of = |card: u8| -> Vec<usize> {
            found
                .iter()
                .enumerate()
                .filter(|(_, (keep, others))| *keep == card || others.contains(&card))
                .map(|(i, _)| i)
                .collect()
        };
        for &(a, b) in &pairs {
            let (ga, gb) = (group_of(a), group_of(b));
            prop_assert_eq!(ga.len(), 1);
            prop_assert_eq!(ga, gb);
        }
        let named = |card: &u8| pairs.iter().filter(|(_, into)| into == card).count();
        for (keep, others) in &found {
            prop_assert!(!others.is_empty());
            prop_assert!(!others.contains(keep));
            prop_assert!(others.iter().enumerate().all(|(i, c)| !others[..i].contains(c)));
            // The card that stays is named as an original at least as often as any other.
            prop_assert!(others.iter().all(|c| named(c) <= named(keep)));
        }
        // As many groups as the pairs make clusters: cards joined only through a chain
        // of pairs are counted once (a union of the pairs, done the slow way).
        let mut label: Vec<u8> = (0..24).collect();
        for _ in 0..24 {
            for &(a, b) in &pairs {
                let low = label[a as usize].min(label[b as usize]);
                label[a as usize] = low;
                label[b as usize] = low;
            }
        }
        let mut clusters: Vec<u8> = pairs.iter().map(|(a, _)| label[*a as usize]).collect();
        clusters.sort_unstable();
        clusters.dedup();
        prop_assert_eq!(found.len(), clusters.len());
    }
}

#[test]
fn only_the_same_words_score_a_full_thousand() {
    let one = fingerprint("Tell support about every promotion one week before launch");
    let a = fingerprint("Tell support about every promotion a week before launch");
    // Every trigram shared (short words are left out of them), yet not the same text.
    assert_eq!(similarity(&one, &a), 999);
    let found = likely_duplicates(&[
        (
            1,
            "Tell support about every promotion one week before launch",
        ),
        (1, "Tell support about every promotion a week before launch"),
    ]);
    assert_eq!(found, vec![(0, 1, 999)]);
    // Case, accents, punctuation and order aside, the same words are the same text.
    let same = fingerprint("tell Support about every promotion, one week before launch!");
    assert_eq!(similarity(&one, &same), 1000);
    let reordered = fingerprint("One week before launch, tell support about every promotion");
    assert_eq!(similarity(&one, &reordered), 1000);
    let accent = fingerprint("Dire au support: une semaine à l'avance");
    let plain = fingerprint("dire au SUPPORT, une semaine a l'avance");
    assert_eq!(similarity(&accent, &plain), 1000);
}
