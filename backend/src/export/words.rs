//! The words of the exports in each session language, and of the notes a later
//! summit's Review writes on the items it carried over. A struct, so a language that
//! lacks a word does not compile. People's own text is never translated; dates stay
//! ISO 8601 (YYYY-MM-DD), which every spreadsheet and calendar reads.

use summit_shared::{ActionStatus, Language, Phase, ReviewReport};

pub struct Words {
    phases: [&'static str; 8],
    statuses: [&'static str; 3],
    /// What a later summit's room decided (done, continue, drop); `{title}` is that
    /// summit's title.
    reports: [&'static str; 4],
    pub owner: &'static str,
    pub status: &'static str,
    pub problem: &'static str,
    pub idea: &'static str,
    pub from_summit: &'static str,
    pub phase: &'static str,
    pub participants: &'static str,
    pub members: &'static str,
    pub no_problems: &'static str,
    pub picked: &'static str,
    pub no_ideas: &'static str,
    pub vote_one: &'static str,
    pub vote_other: &'static str,
    pub votes_hidden: &'static str,
    pub from: &'static str,
    pub action_items: &'static str,
    pub no_actions: &'static str,
    pub action: &'static str,
    pub department: &'static str,
    pub due: &'static str,
    pub progress: &'static str,
}

impl Words {
    pub fn of(language: Language) -> &'static Words {
        match language {
            Language::En => &EN,
            Language::De => &DE,
            Language::Fr => &FR,
            Language::Es => &ES,
        }
    }

    pub fn phase_name(&self, phase: Phase) -> &'static str {
        self.phases[phase.index()]
    }

    pub fn status_name(&self, status: ActionStatus) -> &'static str {
        self.statuses[status as usize]
    }

    /// The progress note an earlier summit's item gets when the room of `title`,
    /// which carried it over, decides about it.
    pub fn review_note(&self, report: ReviewReport, title: &str) -> String {
        let template = match report {
            ReviewReport::Done => self.reports[0],
            ReviewReport::Confirmed => self.reports[1],
            ReviewReport::Continue => self.reports[2],
            ReviewReport::Drop => self.reports[3],
        };
        template.replace("{title}", title)
    }

    /// "1 vote", "3 votes" (every language here puts the number first and has one
    /// singular form, for 1; French also says "0 vote").
    pub fn votes(&self, language: Language, n: u32) -> String {
        let one = n == 1 || (language == Language::Fr && n == 0);
        format!("{n} {}", if one { self.vote_one } else { self.vote_other })
    }
}

const EN: Words = Words {
    phases: [
        "Lobby", "Review", "Problems", "Pick", "Ideas", "Vote", "Plan", "Closed",
    ],
    statuses: ["Open", "In progress", "Done"],
    reports: [
        "Marked done in the review at “{title}”.",
        "Confirmed done in the review at “{title}”.",
        "Continues in the summit “{title}”.",
        "Dropped in the review at “{title}”.",
    ],
    owner: "Owner",
    status: "Status",
    problem: "Problem",
    idea: "Idea",
    from_summit: "From the summit",
    phase: "Phase",
    participants: "Participants",
    members: "Members",
    no_problems: "No problems submitted.",
    picked: "picked",
    no_ideas: "No ideas yet.",
    vote_one: "vote",
    vote_other: "votes",
    votes_hidden: "votes hidden until the reveal",
    from: "from",
    action_items: "Action items",
    no_actions: "No action items yet.",
    action: "Action",
    department: "Department",
    due: "Due",
    progress: "Progress",
};

const DE: Words = Words {
    phases: [
        "Lobby",
        "Rückblick",
        "Probleme",
        "Auswahl",
        "Ideen",
        "Abstimmung",
        "Plan",
        "Abgeschlossen",
    ],
    statuses: ["Offen", "In Arbeit", "Erledigt"],
    reports: [
        "Im Rückblick von „{title}“ als erledigt markiert.",
        "Im Rückblick von „{title}“ als erledigt bestätigt.",
        "Wird im Gipfel „{title}“ fortgesetzt.",
        "Im Rückblick von „{title}“ fallen gelassen.",
    ],
    owner: "Verantwortlich",
    status: "Status",
    problem: "Problem",
    idea: "Idee",
    from_summit: "Aus dem Summit",
    phase: "Phase",
    participants: "Teilnehmende",
    members: "Mitglieder",
    no_problems: "Keine Probleme eingereicht.",
    picked: "ausgewählt",
    no_ideas: "Noch keine Ideen.",
    vote_one: "Stimme",
    vote_other: "Stimmen",
    votes_hidden: "Stimmen bis zur Auflösung verborgen",
    from: "von",
    action_items: "Maßnahmen",
    no_actions: "Noch keine Maßnahmen.",
    action: "Maßnahme",
    department: "Abteilung",
    due: "Fällig",
    progress: "Fortschritt",
};

const FR: Words = Words {
    phases: [
        "Accueil",
        "Bilan",
        "Problèmes",
        "Choix",
        "Idées",
        "Vote",
        "Plan",
        "Clôturé",
    ],
    statuses: ["Ouverte", "En cours", "Terminée"],
    reports: [
        "Marquée comme terminée lors du bilan de « {title} ».",
        "Confirmée comme terminée lors du bilan de « {title} ».",
        "Se poursuit dans le sommet « {title} ».",
        "Abandonnée lors du bilan de « {title} ».",
    ],
    owner: "Responsable",
    status: "Statut",
    problem: "Problème",
    idea: "Idée",
    from_summit: "Issu du sommet",
    phase: "Phase",
    participants: "Participants",
    members: "Membres",
    no_problems: "Aucun problème soumis.",
    picked: "retenu",
    no_ideas: "Pas encore d’idée.",
    vote_one: "vote",
    vote_other: "votes",
    votes_hidden: "votes masqués jusqu’à la révélation",
    from: "de",
    action_items: "Actions",
    no_actions: "Pas encore d’action.",
    action: "Action",
    department: "Service",
    due: "Échéance",
    progress: "Suivi",
};

const ES: Words = Words {
    phases: [
        "Sala de espera",
        "Repaso",
        "Problemas",
        "Selección",
        "Ideas",
        "Votación",
        "Plan",
        "Cerrado",
    ],
    statuses: ["Abierta", "En curso", "Completada"],
    reports: [
        "Marcada como hecha en el repaso de «{title}».",
        "Confirmada como hecha en el repaso de «{title}».",
        "Continúa en la cumbre «{title}».",
        "Descartada en el repaso de «{title}».",
    ],
    owner: "Responsable",
    status: "Estado",
    problem: "Problema",
    idea: "Idea",
    from_summit: "De la cumbre",
    phase: "Fase",
    participants: "Participantes",
    members: "Miembros",
    no_problems: "No se enviaron problemas.",
    picked: "seleccionado",
    no_ideas: "Aún no hay ideas.",
    vote_one: "voto",
    vote_other: "votos",
    votes_hidden: "votos ocultos hasta la revelación",
    from: "de",
    action_items: "Acciones",
    no_actions: "Aún no hay acciones.",
    action: "Acción",
    department: "Departamento",
    due: "Fecha límite",
    progress: "Seguimiento",
};
