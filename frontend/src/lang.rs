//! The reader's language: which catalogue is shown, how it is chosen and kept, and
//! the words for the shared crate's enums (phases, statuses) and refusal codes.
//!
//! The catalogues are `frontend/locales/<locale>/<namespace>.json`, compiled in by
//! `leptos_i18n` (a missing key or interpolation fails the build). The first visit
//! follows the browser's languages; a choice made in the picker is kept in this
//! device's storage and wins from then on.

use crate::api::ApiError;
use crate::i18n::*;
use crate::storage;
use leptos::prelude::*;
use std::sync::Arc;
use summit_shared::limits::TIMER_MAX_SECONDS;
use summit_shared::{ActionStatus, Date, DomainError, ErrorCode, Language, Phase, SessionState};

/// The reader's language and the catalogues (what `use_i18n` returns).
pub type I18n = leptos_i18n::I18nContext<Locale>;

/// Every language, in the order the picker offers them, with its own name for itself.
pub const LANGUAGES: [(Locale, &str); 4] = [
    (Locale::en, "English"),
    (Locale::de, "Deutsch"),
    (Locale::fr, "Français"),
    (Locale::es, "Español"),
];

/// The locale a tag names (`de`, `de-CH`, …), if Summit speaks it.
pub fn parse(tag: &str) -> Option<Locale> {
    let lang = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    LANGUAGES
        .iter()
        .map(|(l, _)| *l)
        .find(|l| l.as_str() == lang)
}

/// Applies the language chosen earlier on this device, if any (call once, inside
/// the i18n context).
pub fn restore() {
    let asked = framed_language().or_else(storage::language);
    if let Some(locale) = asked.as_deref().and_then(parse) {
        keep(use_i18n(), locale);
    }
}

/// Shows `locale` from the first render on. Again once mounted: the i18n context's
/// first effect, which runs then, sets the browser's language.
pub fn keep(i18n: I18n, locale: Locale) {
    i18n.set_locale(locale);
    Effect::new(move |_| i18n.set_locale(locale));
}

/// `/embed/CODE?lang=de`: the language a host page asks for in its iframe.
fn framed_language() -> Option<String> {
    if crate::embed::hosted() {
        return None;
    }
    let location = web_sys::window()?.location();
    if !location.pathname().ok()?.starts_with("/embed/") {
        return None;
    }
    web_sys::UrlSearchParams::new_with_str(&location.search().ok()?)
        .ok()?
        .get("lang")
}

/// The language picker shown in every page's corner.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(locale) = parse(&event_target_value(&ev)) {
            i18n.set_locale(locale);
            storage::set_language(locale.as_str());
        }
    };
    view! {
        <label class="lang-picker">
            <span class="sr-only">{crate::tr!(i18n, common.language)}</span>
            <select data-testid="language" on:change=on_change>
                {LANGUAGES
                    .iter()
                    .map(|(locale, name)| {
                        let locale = *locale;
                        view! {
                            <option
                                value=locale.as_str()
                                lang=locale.as_str()
                                selected=move || i18n.get_locale() == locale
                            >
                                {*name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

pub fn phase_name(i18n: I18n, phase: Phase) -> &'static str {
    match phase {
        Phase::Lobby => t_string!(i18n, common.phase_lobby),
        Phase::Review => t_string!(i18n, common.phase_review),
        Phase::Problems => t_string!(i18n, common.phase_problems),
        Phase::Pick => t_string!(i18n, common.phase_pick),
        Phase::Ideas => t_string!(i18n, common.phase_ideas),
        Phase::Vote => t_string!(i18n, common.phase_vote),
        Phase::Plan => t_string!(i18n, common.phase_plan),
        Phase::Closed => t_string!(i18n, common.phase_closed),
    }
}

/// What a participant should do now.
pub fn participant_hint(i18n: I18n, phase: Phase) -> &'static str {
    match phase {
        Phase::Lobby => t_string!(i18n, common.hint_lobby),
        Phase::Review => t_string!(i18n, common.hint_review),
        Phase::Problems => t_string!(i18n, common.hint_problems),
        Phase::Pick => t_string!(i18n, common.hint_pick),
        Phase::Ideas => t_string!(i18n, common.hint_ideas),
        Phase::Vote => t_string!(i18n, common.hint_vote),
        Phase::Plan => t_string!(i18n, common.hint_plan),
        Phase::Closed => t_string!(i18n, common.hint_closed),
    }
}

/// What the facilitator should do now.
pub fn facilitator_hint(i18n: I18n, phase: Phase) -> &'static str {
    match phase {
        Phase::Lobby => t_string!(i18n, common.fhint_lobby),
        Phase::Review => t_string!(i18n, common.fhint_review),
        Phase::Problems => t_string!(i18n, common.fhint_problems),
        Phase::Pick => t_string!(i18n, common.fhint_pick),
        Phase::Ideas => t_string!(i18n, common.fhint_ideas),
        Phase::Vote => t_string!(i18n, common.fhint_vote),
        Phase::Plan => t_string!(i18n, common.fhint_plan),
        Phase::Closed => t_string!(i18n, common.fhint_closed),
    }
}

pub fn status_name(i18n: I18n, status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => t_string!(i18n, common.status_open),
        ActionStatus::InProgress => t_string!(i18n, common.status_in_progress),
        ActionStatus::Done => t_string!(i18n, common.status_done),
    }
}

/// A rule's refusal in the reader's language. The numbers come from the refusal.
pub fn domain_error(i18n: I18n, err: &DomainError) -> String {
    match err {
        DomainError::TooLong { max, actual, .. } => {
            t_string!(i18n, errors.too_long, actual = *actual, max = *max).to_string()
        }
        DomainError::DepartmentCount { min, max } => {
            t_string!(i18n, errors.department_count, min = *min, max = *max).to_string()
        }
        DomainError::WrongPhase { actual, .. } => {
            t_string!(i18n, errors.wrong_phase, phase = phase_name(i18n, *actual)).to_string()
        }
        DomainError::PhaseStep { from } => {
            t_string!(i18n, errors.phase_step, phase = phase_name(i18n, *from)).to_string()
        }
        DomainError::VoteBudgetExceeded { budget } => {
            t_string!(i18n, errors.vote_budget_exceeded, budget = *budget).to_string()
        }
        DomainError::VoteCapExceeded { cap } => {
            t_string!(i18n, errors.vote_cap_exceeded, cap = *cap).to_string()
        }
        DomainError::TimerRange { max } => {
            t_string!(i18n, errors.timer_range, max = *max).to_string()
        }
        DomainError::ParticipantLimit { max } => {
            t_string!(i18n, errors.participant_limit, max = *max).to_string()
        }
        DomainError::ProblemLimit { max } => {
            t_string!(i18n, errors.problem_limit, max = *max).to_string()
        }
        DomainError::IdeaLimit { max } => {
            t_string!(i18n, errors.idea_limit, max = *max).to_string()
        }
        DomainError::CardLimit { max } => {
            t_string!(i18n, errors.card_limit, max = *max).to_string()
        }
        DomainError::ActionLimit { max } => {
            t_string!(i18n, errors.action_limit, max = *max).to_string()
        }
        DomainError::CommentLimit { max } => {
            t_string!(i18n, errors.comment_limit, max = *max).to_string()
        }
        DomainError::SuggestionLimit { max } => {
            t_string!(i18n, errors.suggestion_limit, max = *max).to_string()
        }
        DomainError::ProposalLimit { max } => {
            t_string!(i18n, errors.proposal_limit, max = *max).to_string()
        }
        DomainError::NoteLimit { max } => {
            t_string!(i18n, errors.note_limit, max = *max).to_string()
        }
        other => code_text(i18n, other.code(), None),
    }
}

/// A failed request in the reader's language: the text for its code, with the
/// session's own numbers (budget, cap, bounds) when the page has the session.
pub fn api_error(i18n: I18n, err: &ApiError, state: Option<&SessionState>) -> String {
    match err.code {
        Some(code) => code_text(i18n, code, state),
        None => match err.status {
            None => t_string!(i18n, errors.network).to_string(),
            Some(404) => t_string!(i18n, errors.not_found).to_string(),
            Some(s) if s >= 500 => t_string!(i18n, errors.server).to_string(),
            Some(s) => t_string!(i18n, errors.refused, status = s).to_string(),
        },
    }
}

fn code_text(i18n: I18n, code: ErrorCode, state: Option<&SessionState>) -> String {
    use ErrorCode as C;
    // The refusals that name a number say it when the page knows the session.
    if let Some(s) = state {
        let limited = match code {
            C::VoteBudgetExceeded => Some(DomainError::VoteBudgetExceeded {
                budget: s.settings.vote_budget,
            }),
            C::VoteCapExceeded => Some(DomainError::VoteCapExceeded {
                cap: s.settings.vote_cap_per_idea,
            }),
            C::ParticipantLimit => Some(DomainError::ParticipantLimit {
                max: s.bounds.participants,
            }),
            C::ProblemLimit => Some(DomainError::ProblemLimit {
                max: s.bounds.problems_per_participant,
            }),
            C::IdeaLimit => Some(DomainError::IdeaLimit {
                max: s.bounds.ideas_per_participant,
            }),
            C::CardLimit => Some(DomainError::CardLimit {
                max: s.bounds.cards,
            }),
            C::ActionLimit => Some(DomainError::ActionLimit {
                max: s.bounds.actions,
            }),
            C::CommentLimit => Some(DomainError::CommentLimit {
                max: summit_shared::limits::COMMENTS_PER_PARTICIPANT,
            }),
            C::SuggestionLimit => Some(DomainError::SuggestionLimit {
                max: summit_shared::limits::SUGGESTIONS_PER_PARTICIPANT,
            }),
            C::ProposalLimit => Some(DomainError::ProposalLimit {
                max: summit_shared::limits::PROPOSALS_PER_PARTICIPANT,
            }),
            C::NoteLimit => Some(DomainError::NoteLimit {
                max: summit_shared::limits::NOTES_PER_ACTION,
            }),
            _ => None,
        };
        if let Some(err) = limited {
            return domain_error(i18n, &err);
        }
    }
    let text: &'static str = match code {
        C::Empty => t_string!(i18n, errors.empty),
        C::ScreenReadOnly => t_string!(i18n, errors.screen_read_only),
        C::InvalidHost => t_string!(i18n, errors.invalid_host),
        C::TooLong | C::BodyTooLarge => t_string!(i18n, errors.body_too_large),
        C::DepartmentCount | C::InvalidSettings => t_string!(i18n, errors.invalid_settings),
        C::DuplicateDepartment => t_string!(i18n, errors.duplicate_department),
        // The session's phase names what was refused; without it, the general reason.
        C::WrongPhase | C::PhaseStep => {
            let Some(phase) = state.map(|s| s.phase) else {
                return t_string!(i18n, errors.not_now).to_owned();
            };
            let err = if code == C::WrongPhase {
                DomainError::WrongPhase {
                    expected: "",
                    actual: phase,
                }
            } else {
                DomainError::PhaseStep { from: phase }
            };
            return domain_error(i18n, &err);
        }
        C::NothingPicked => t_string!(i18n, errors.nothing_picked),
        C::SessionClosed => t_string!(i18n, errors.session_closed),
        C::FacilitatorOnly => t_string!(i18n, errors.facilitator_only),
        C::ParticipantOnly => t_string!(i18n, errors.participant_only),
        C::UnknownDepartment => t_string!(i18n, errors.unknown_department),
        C::UnknownParticipant => t_string!(i18n, errors.unknown_participant),
        C::UnknownProblem => t_string!(i18n, errors.unknown_problem),
        C::UnknownIdea => t_string!(i18n, errors.unknown_idea),
        C::UnknownAction => t_string!(i18n, errors.unknown_action),
        C::NotOwnDepartment => t_string!(i18n, errors.not_own_department),
        C::OwnDepartmentIdea => t_string!(i18n, errors.own_department_idea),
        C::ProblemNotPicked => t_string!(i18n, errors.problem_not_picked),
        C::ProblemPicked => t_string!(i18n, errors.problem_picked),
        C::Merged => t_string!(i18n, errors.merged),
        C::HasMerged => t_string!(i18n, errors.has_merged),
        C::MergeMismatch => t_string!(i18n, errors.merge_mismatch),
        C::VotingStarted => t_string!(i18n, errors.voting_started),
        C::UnknownComment => t_string!(i18n, errors.unknown_comment),
        C::NotAProposal => t_string!(i18n, errors.not_a_proposal),
        C::NotAgreed => t_string!(i18n, errors.not_agreed),
        C::TitleMismatch => t_string!(i18n, errors.title_mismatch),
        C::NotAuthor => t_string!(i18n, errors.not_author),
        C::NoVote => t_string!(i18n, errors.no_vote),
        C::NoTimer => t_string!(i18n, errors.no_timer),
        C::ServerOnly => t_string!(i18n, errors.server_only),
        C::TimerRange => {
            return domain_error(
                i18n,
                &DomainError::TimerRange {
                    max: TIMER_MAX_SECONDS,
                },
            )
        }
        C::VoteBudgetExceeded | C::VoteCapExceeded => t_string!(i18n, errors.no_vote_left),
        C::ParticipantLimit | C::SessionFull => t_string!(i18n, errors.session_full),
        C::ProblemLimit
        | C::IdeaLimit
        | C::CardLimit
        | C::ActionLimit
        | C::SuggestionLimit
        | C::ProposalLimit
        | C::NoteLimit
        | C::CommentLimit => {
            t_string!(i18n, errors.session_limit)
        }
        C::InvalidJson
        | C::InvalidBody
        | C::InvalidQuery
        | C::InvalidIdempotencyKey
        | C::InvalidLastEventId
        | C::UseJoinEndpoint
        | C::MethodNotAllowed
        | C::UnsupportedMediaType => t_string!(i18n, errors.bad_request),
        C::MissingToken | C::InvalidToken | C::InvalidTicket => {
            t_string!(i18n, errors.credentials)
        }
        C::CrossOrigin => t_string!(i18n, errors.cross_origin),
        C::NotFound | C::UnknownExport => t_string!(i18n, errors.not_found),
        C::SessionNotFound => t_string!(i18n, errors.session_not_found),
        C::UnknownJoinCode => t_string!(i18n, errors.unknown_join_code),
        C::TooManyCommands => t_string!(i18n, errors.too_many_commands),
        C::TooManyJoinAttempts => t_string!(i18n, errors.too_many_join_attempts),
        C::TooManySessions => t_string!(i18n, errors.too_many_sessions),
        C::TooManyStreams => t_string!(i18n, errors.too_many_streams),
        C::Internal => t_string!(i18n, errors.server),
        C::ShuttingDown => t_string!(i18n, errors.shutting_down),
    };
    text.to_owned()
}

/// A calendar date as the reader's language writes it ("Dec 4, 2026", "04.12.2026"),
/// by the browser's own `Intl` (no locale data in the wasm).
pub fn date(i18n: I18n, date: Date) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    // One piece of a line ("Dana · Marketing · 15 ene 2027"): never broken inside.
    date_with(i18n, date, options).replace(' ', "\u{a0}")
}

/// A calendar date with its weekday ("Friday, Jan 15, 2027", "Freitag, 15. Jan.
/// 2027"): under a date field, whose own display follows the browser's language and
/// order rather than the page's. The month is short so it fits a field's width.
pub fn date_with_weekday(i18n: I18n, date: Date) -> String {
    let options = js_sys::Object::new();
    for (key, value) in [
        ("weekday", "long"),
        ("day", "numeric"),
        ("month", "short"),
        ("year", "numeric"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date_with(i18n, date, options)
}

fn date_with(i18n: I18n, date: Date, options: js_sys::Object) -> String {
    // Noon UTC, shown in UTC: the same calendar day wherever the reader is.
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"UTC".into());
    let ms = js_sys::Date::utc(f64::from(date.year), f64::from(date.month) - 1.0)
        + (f64::from(date.day) - 1.0) * 86_400_000.0
        + 43_200_000.0;
    js_sys::Date::new(&ms.into())
        .to_locale_date_string(i18n.get_locale().as_str(), &options)
        .into()
}

/// The session language that matches the reader's (what a new session starts with).
pub fn session_language(i18n: I18n) -> Language {
    Language::parse(i18n.get_locale_untracked().as_str()).unwrap_or_default()
}

/// The "Language of exports and summary" field of the create form and the settings.
pub fn language_field(id: &'static str, value: RwSignal<Language>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field" for=id>
            <span class="form-label">{crate::tr!(i18n, home.session_language)}</span>
            <select
                id=id
                data-testid=id
                on:change=move |ev| {
                    if let Some(language) = Language::parse(&event_target_value(&ev)) {
                        value.set(language);
                    }
                }
            >
                {LANGUAGES
                    .iter()
                    .map(|(locale, name)| {
                        let tag = locale.as_str();
                        view! {
                            <option
                                value=tag
                                lang=tag
                                selected=move || value.get().as_str() == tag
                            >
                                {*name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A count as the catalogues' plural entries take it (`u32`); no screen counts past it.
pub fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Text in the reader's language as a view that follows a language switch: what
/// `t!` renders, through one shared instantiation. `t!` renders a branch per
/// language at each call site (several hundred bytes of wasm each, the size budget).
pub fn text(words: impl Fn() -> &'static str + Send + Sync + 'static) -> AnyView {
    text_erased(Arc::new(words))
}

fn text_erased(words: Arc<dyn Fn() -> &'static str + Send + Sync>) -> AnyView {
    (move || words()).into_any()
}

/// `tr!(i18n, ns.key)`: a catalogue entry without values as a view ([`text`]).
#[macro_export]
macro_rules! tr {
    ($i18n:ident, $($key:tt)+) => {
        $crate::lang::text(move || $crate::i18n::t_string!($i18n, $($key)+))
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::td_string;

    fn votes_left(locale: Locale, count: u32) -> String {
        td_string!(locale, common.announce_votes_left, count = count).to_string()
    }

    #[test]
    fn each_language_has_its_plural_forms() {
        // English, German and Spanish: one for 1 only. French: one for 0 and 1.
        let cases = [
            (
                Locale::en,
                [(0, "0 votes left"), (1, "1 vote left"), (2, "2 votes left")],
            ),
            (
                Locale::de,
                [
                    (0, "Noch 0 Stimmen übrig"),
                    (1, "Noch 1 Stimme übrig"),
                    (2, "Noch 2 Stimmen übrig"),
                ],
            ),
            (
                Locale::fr,
                [
                    (0, "0 vote restant"),
                    (1, "1 vote restant"),
                    (2, "2 votes restants"),
                ],
            ),
            (
                Locale::es,
                [
                    (0, "Te quedan 0 votos"),
                    (1, "Te queda 1 voto"),
                    (2, "Te quedan 2 votos"),
                ],
            ),
        ];
        for (locale, expected) in cases {
            for (count, text) in expected {
                assert_eq!(votes_left(locale, count), text, "{locale:?}, {count}");
            }
        }
    }

    #[test]
    fn a_browser_language_tag_names_its_language() {
        assert_eq!(parse("de-CH"), Some(Locale::de));
        assert_eq!(parse("fr"), Some(Locale::fr));
        assert_eq!(parse("ES_mx"), Some(Locale::es));
        assert_eq!(parse("pt-BR"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn every_picker_language_is_a_session_language() {
        for (locale, _) in LANGUAGES {
            assert_eq!(
                Language::parse(locale.as_str()).map(Language::as_str),
                Some(locale.as_str())
            );
        }
    }
}
