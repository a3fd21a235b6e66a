//! Input limits and text normalisation shared by the browser forms and the server.
//!
//! Lengths are counted in Unicode scalar values (what a person calls characters),
//! never in bytes, so an emoji counts once.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};

/// Fewer members than this in a department and anonymity is weak there: each of
/// its cards is one of one or two people's.
pub const ANONYMITY_MIN_MEMBERS: usize = 3;

/// Merge suggestions one participant may have waiting for the facilitator, so one
/// person cannot bury the facilitator's list.
pub const SUGGESTIONS_PER_PARTICIPANT: u32 = 10;

/// Comments one participant may have on the board at once, and one session in all:
/// enough to build on each other's ideas, too few to flood a room.
pub const COMMENTS_PER_PARTICIPANT: u32 = 30;
pub const COMMENTS_PER_SESSION: u32 = 3_000;
/// A comment is a remark, not an essay.
pub const COMMENT_MAX: usize = 280;
/// Action items one participant may have waiting for the facilitator at once.
pub const PROPOSALS_PER_PARTICIPANT: u32 = 5;
/// Characters of the reason the facilitator gives for declining a proposal.
pub const REASON_MAX: usize = 200;
/// A progress note is a line or two on how an action item is going.
pub const NOTE_MAX: usize = 280;
/// Progress notes one action item may hold: a weekly note for two years.
pub const NOTES_PER_ACTION: u32 = 100;
/// Progress notes an action item carried over into the next summit brings along:
/// its latest, so that the next summit's first event stays small.
pub const NOTES_CARRIED: usize = 20;
/// Decisions a later summit's Review reports on one item it carried over: the
/// decision and a few changes of mind, so that clicking back and forth cannot fill
/// the item's notes in the earlier summit.
pub const NOTES_FROM_REVIEW: usize = 6;

pub const TITLE_MAX: usize = 120;
pub const NAME_MAX: usize = 60;
pub const DEPARTMENT_NAME_MAX: usize = 60;
pub const TEXT_MAX: usize = 1_000;
pub const OWNER_MAX: usize = 60;
pub const DEPARTMENTS_MIN: usize = 2;
pub const DEPARTMENTS_MAX: usize = 8;
pub const VOTE_BUDGET_MAX: u32 = 50;
pub const TIMER_MAX_SECONDS: u32 = 4 * 60 * 60;
/// Join codes: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
pub const JOIN_CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";
pub const JOIN_CODE_LEN: usize = 6;

/// How much one session may hold, so that no one person (or script) can make every
/// browser in the room download and render megabytes. The server may raise them for
/// a large organisation (its `--max-…` flags); they travel with the state, so the
/// browser can say "3 problems left" before a limit is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Bounds {
    /// Participants who may join one session.
    pub participants: u32,
    /// Live problems one participant may have at once.
    pub problems_per_participant: u32,
    /// Live ideas one participant may have at once.
    pub ideas_per_participant: u32,
    /// Problems and ideas one session may ever hold, withdrawn ones included.
    pub cards: u32,
    /// Action items one session may hold.
    pub actions: u32,
}

impl Default for Bounds {
    fn default() -> Bounds {
        Bounds {
            participants: 1_000,
            problems_per_participant: 20,
            ideas_per_participant: 20,
            cards: 2_000,
            actions: 200,
        }
    }
}

/// Which field a text check is about; names the field in error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Title,
    Name,
    Department,
    Text,
    ActionTitle,
    Owner,
    Comment,
    Reason,
    Note,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::Name => "Display name",
            Field::Department => "Department name",
            Field::Text => "Text",
            Field::ActionTitle => "Action title",
            Field::Owner => "Owner",
            Field::Comment => "Comment",
            Field::Reason => "Reason",
            Field::Note => "Note",
        }
    }

    pub fn max(self) -> usize {
        match self {
            Field::Title | Field::ActionTitle => TITLE_MAX,
            Field::Name | Field::Owner => NAME_MAX,
            Field::Department => DEPARTMENT_NAME_MAX,
            Field::Text => TEXT_MAX,
            Field::Comment => COMMENT_MAX,
            Field::Reason => REASON_MAX,
            Field::Note => NOTE_MAX,
        }
    }

    /// Only free text may span lines; a name or a title is one line.
    fn multiline(self) -> bool {
        matches!(self, Field::Text)
    }
}

/// Invisible characters that only serve to disguise text: bidirectional overrides,
/// embeddings and isolates (they can make "gpj.exe" read as "exe.jpg"), the zero-width
/// space, word joiner, invisible operators and the byte order mark. Joiners (U+200C,
/// U+200D) and direction marks (U+200E, U+200F) stay: real scripts and emoji need them.
fn is_disguise(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Characters that render as nothing: a name or text made only of these (and
/// whitespace) is empty, however many there are. They may appear inside real text.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || is_disguise(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200C}'..='\u{200F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FFA0}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Trims, drops control characters (C0 and C1, NUL included; free text keeps its
/// newlines and tabs) and disguising invisible characters, and checks the length,
/// returning the cleaned text. Every text field goes through here, the same way.
pub fn clean(field: Field, raw: &str) -> Result<String, DomainError> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !is_disguise(*c))
        .filter(|c| !c.is_control() || (field.multiline() && matches!(c, '\n' | '\t')))
        .collect();
    let cleaned = normalize(cleaned.trim());
    let len = cleaned.chars().count();
    if cleaned.chars().all(is_invisible) {
        return Err(DomainError::Empty {
            field: field.label(),
        });
    }
    if len > field.max() {
        return Err(DomainError::TooLong {
            field: field.label(),
            max: field.max(),
            actual: len,
        });
    }
    Ok(cleaned)
}

/// Unicode NFC on the server, so "Café" typed two ways is one name. The browser
/// build leaves text as typed (the tables would cost download size); the server's
/// answer is what counts.
#[cfg(feature = "unicode")]
fn normalize(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

#[cfg(not(feature = "unicode"))]
fn normalize(text: &str) -> String {
    text.to_owned()
}

/// The form of a name used to tell names apart: invisible characters removed,
/// case folded (so "Sales", "sales" and "Sa\u{AD}les" are the same department).
pub fn comparison_key(name: &str) -> String {
    let visible: String = normalize(name)
        .chars()
        .filter(|c| !is_invisible(*c) || *c == ' ')
        .collect();
    lowercase(&visible)
}

/// Whether a card's `text` holds what was searched for, ignoring case and invisible
/// characters; an empty search matches everything.
pub fn matches_search(text: &str, query: &str) -> bool {
    let query = comparison_key(query.trim());
    query.is_empty() || comparison_key(text).contains(&query)
}

/// Unicode lower case. The browser asks its own `String.prototype.toLowerCase`
/// (the same Unicode mapping): Rust's carries about 14 KB of tables into the wasm
/// (the size budget).
#[cfg(all(feature = "browser", target_arch = "wasm32"))]
fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

#[cfg(not(all(feature = "browser", target_arch = "wasm32")))]
fn lowercase(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// Normalises a typed join code (case, spaces, dashes) and checks its alphabet.
pub fn normalize_join_code(raw: &str) -> Option<String> {
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let ok = code.len() == JOIN_CODE_LEN && code.bytes().all(|b| JOIN_CODE_ALPHABET.contains(&b));
    ok.then_some(code)
}

/// A join code as shown and read out loud: two groups of three ("UKG NGR").
/// [`normalize_join_code`] reads it back.
pub fn display_join_code(code: &str) -> String {
    match code.split_at_checked(code.len() / 2) {
        Some((a, b)) if !a.is_empty() => format!("{a} {b}"),
        _ => code.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        let at_limit = "😀".repeat(NAME_MAX);
        assert_eq!(clean(Field::Name, &at_limit).unwrap(), at_limit);
        let over = "😀".repeat(NAME_MAX + 1);
        assert!(matches!(
            clean(Field::Name, &over),
            Err(DomainError::TooLong { actual: 61, .. })
        ));
    }

    #[test]
    fn strips_controls_and_keeps_newlines_only_in_text() {
        assert_eq!(clean(Field::Name, " a\u{7}b\nc ").unwrap(), "abc");
        assert_eq!(clean(Field::Text, "a\nb").unwrap(), "a\nb");
        assert!(clean(Field::Text, " \n\t ").is_err());
    }

    #[test]
    fn every_field_drops_nul_c0_and_c1_controls() {
        let raw = "a\u{0}b\u{1b}c\u{7f}d\u{85}e\u{9f}f\rg";
        for field in [
            Field::Title,
            Field::Name,
            Field::Department,
            Field::Text,
            Field::ActionTitle,
            Field::Owner,
        ] {
            assert_eq!(clean(field, raw).unwrap(), "abcdefg", "{field:?}");
            // Tabs and newlines are free text's; a one-line field drops them.
            let spaced = clean(field, "a\tb\nc").unwrap();
            let expected = if field == Field::Text {
                "a\tb\nc"
            } else {
                "abc"
            };
            assert_eq!(spaced, expected, "{field:?}");
        }
    }

    #[test]
    fn strips_disguising_invisibles() {
        assert_eq!(clean(Field::Name, "\u{202E}gpj.exe").unwrap(), "gpj.exe");
        assert!(matches!(
            clean(Field::Name, "\u{200B}\u{FEFF}\u{2060}"),
            Err(DomainError::Empty { .. })
        ));
        assert_eq!(clean(Field::Name, "👩\u{200D}💻").unwrap(), "👩\u{200D}💻");
    }

    #[test]
    fn invisible_only_text_is_empty() {
        for raw in [
            "\u{200D}\u{200C}",
            "\u{00AD}",
            "\u{3164}",
            "\u{2800}",
            "\u{E0041}",
            "\u{200E} ",
        ] {
            assert!(
                matches!(clean(Field::Name, raw), Err(DomainError::Empty { .. })),
                "{raw:?}"
            );
        }
        assert_eq!(
            comparison_key("Sa\u{AD}les\u{200E}"),
            comparison_key("sales")
        );
    }

    #[test]
    fn a_displayed_join_code_reads_back() {
        assert_eq!(display_join_code("UKGNGR"), "UKG NGR");
        assert_eq!(
            normalize_join_code(&display_join_code("UKGNGR")).as_deref(),
            Some("UKGNGR")
        );
        assert_eq!(display_join_code(""), "");
    }

    #[test]
    fn join_codes_are_normalised() {
        assert_eq!(normalize_join_code(" acd-efg ").as_deref(), Some("ACDEFG"));
        assert_eq!(normalize_join_code("ACDEF0"), None);
        assert_eq!(normalize_join_code("ACDEF"), None);
    }
}
