//! Export formats: action items as CSV (RFC 4180, and a variant for Jira's CSV
//! importer), Markdown, JSON and iCalendar, and a Markdown summary of the whole
//! session. Only agreed items leave the room: proposals are not exported. Pure functions of a (viewer) state,
//! written in the session's language ([`words`]). Machine-read parts stay as they
//! are in every language: the CSV's column names, the JSON's keys and status codes.
//! Also in the session's language: the note a later summit's Review writes on an
//! item it carried over ([`review_note`]).

mod calendar;
mod words;

pub use calendar::{actions_calendar, CONTENT_TYPE as CALENDAR_TYPE};

use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write;
use summit_shared::api::ExportFile;
use summit_shared::{ActionItem, Language, ReviewReport, SessionId, SessionState};
use words::Words;

/// The progress note an item gets in its summit (whose language is `language`) when
/// the room of the later summit `title`, which carried it over, decides about it.
pub fn review_note(language: Language, report: ReviewReport, title: &str) -> String {
    Words::of(language).review_note(report, title)
}

/// Renders one export; answers with its content type and body.
pub fn render(
    file: ExportFile,
    id: &SessionId,
    state: &SessionState,
    now_ms: i64,
) -> (&'static str, String) {
    match file {
        ExportFile::ActionsCsv => ("text/csv; charset=utf-8", actions_csv(state)),
        ExportFile::ActionsJiraCsv => ("text/csv; charset=utf-8", actions_jira_csv(state)),
        ExportFile::ActionsMarkdown => ("text/markdown; charset=utf-8", actions_markdown(state)),
        ExportFile::ActionsJson => ("application/json", actions_json(state)),
        ExportFile::ActionsIcs => (calendar::CONTENT_TYPE, actions_calendar(id, state, now_ms)),
        ExportFile::SummaryMarkdown => ("text/markdown; charset=utf-8", summary_markdown(state)),
    }
}

/// A file-name-safe version of the title.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        "session".to_owned()
    } else {
        slug
    }
}

fn problem_text(state: &SessionState, action: &ActionItem) -> String {
    state
        .action_problem(action)
        .map_or_else(String::new, str::to_owned)
}

fn idea_text(state: &SessionState, action: &ActionItem) -> String {
    state
        .action_idea(action)
        .map_or_else(String::new, str::to_owned)
}

/// A cell's text with formula-looking text neutralized by a leading apostrophe
/// (OWASP CSV injection): a spreadsheet must show it, never run it.
fn neutral(raw: &str) -> Cow<'_, str> {
    let risky = matches!(
        raw.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n')
    );
    if risky {
        Cow::Owned(format!("'{raw}"))
    } else {
        Cow::Borrowed(raw)
    }
}

/// An RFC 4180 document (CRLF line ends, quoted where needed) with a header row,
/// every cell neutralized. A UTF-8 byte order mark leads so that spreadsheet
/// programs read accented names correctly instead of guessing a code page. Every
/// row has the header's number of cells (`N`), which is all the writer checks.
fn csv_document<const N: usize>(
    header: [&str; N],
    rows: impl Iterator<Item = [String; N]>,
) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing whole rows of the header's length into memory cannot fail.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|cell| neutral(cell)).map(|c| c.into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// The action items, one row each, with the machine-read column names of every
/// language.
pub fn actions_csv(state: &SessionState) -> String {
    let header = [
        "id",
        "title",
        "status",
        "owner",
        "department",
        "due",
        "problem",
        "idea",
    ];
    let rows = state.agreed_actions().map(|a| {
        [
            a.id.to_string(),
            a.title.clone(),
            words(state).status_name(a.status).to_owned(),
            a.owner.clone(),
            state.department_name(a.department).to_owned(),
            a.due.to_string(),
            problem_text(state, a),
            idea_text(state, a),
        ]
    });
    csv_document(header, rows)
}

/// The action items as Jira's CSV importer reads them: Summary, Description (the
/// problem and the idea, in the session's language), Assignee (the owner's name as
/// written: map it to a Jira user or leave it unmapped), Due date (yyyy-MM-dd), and
/// two Labels columns (the owning department and the problem's), spaces made `_`
/// because a Jira label has none.
pub fn actions_jira_csv(state: &SessionState) -> String {
    let w = words(state);
    let header = [
        "Summary",
        "Description",
        "Assignee",
        "Due date",
        "Labels",
        "Labels",
    ];
    let label = |department| -> String {
        let name = state.department_name(department);
        name.split_whitespace().collect::<Vec<_>>().join("_")
    };
    let rows = state.agreed_actions().map(|a| {
        let mut description = format!("{}: {}", w.problem, problem_text(state, a));
        if let Some(idea) = state.action_idea(a) {
            let _ = write!(description, "\n{}: {idea}", w.idea);
        }
        let problem_department = a
            .problem
            .and_then(|p| state.problems.get(&p))
            .map_or(a.department, |p| p.department);
        [
            a.title.clone(),
            description,
            a.owner.clone(),
            a.due.to_string(),
            label(a.department),
            label(problem_department),
        ]
    });
    csv_document(header, rows)
}

/// Markdown table cells cannot hold pipes or line breaks.
fn md_cell(raw: &str) -> String {
    md_text(raw)
}

/// User text in Markdown prose: one line, and inert. Markdown punctuation is
/// backslash-escaped so text cannot become a link, an image (a tracking pixel) or a
/// heading, and `<` / `>` become entities so viewers that render HTML show it as text.
fn md_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn words(state: &SessionState) -> &'static Words {
    Words::of(state.settings.language)
}

fn actions_table(state: &SessionState, out: &mut String) {
    let w = words(state);
    if state.agreed_actions().next().is_none() {
        let _ = writeln!(out, "_{}_", w.no_actions);
        return;
    }
    let _ = writeln!(
        out,
        "| # | {} | {} | {} | {} | {} | {} |",
        w.action, w.owner, w.department, w.due, w.status, w.problem
    );
    out.push_str("|---|---|---|---|---|---|---|\n");
    for a in state.agreed_actions() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            a.id,
            md_cell(&a.title),
            md_cell(&a.owner),
            md_cell(state.department_name(a.department)),
            a.due,
            w.status_name(a.status),
            md_cell(&problem_text(state, a)),
        );
    }
}

pub fn actions_markdown(state: &SessionState) -> String {
    let mut out = format!(
        "# {}: {}\n\n",
        words(state).action_items,
        md_text(&state.title)
    );
    actions_table(state, &mut out);
    out
}

#[derive(Serialize, schemars::JsonSchema)]
#[schemars(rename = "ExportedAction")]
pub(crate) struct JsonAction<'a> {
    id: u32,
    title: &'a str,
    status: summit_shared::ActionStatus,
    owner: &'a str,
    department: &'a str,
    due: String,
    problem: String,
    idea: Option<String>,
}

/// `actions.json`; its schema is in the OpenAPI document.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(rename = "ActionsExport")]
pub(crate) struct JsonExport<'a> {
    session: &'a str,
    actions: Vec<JsonAction<'a>>,
}

pub fn actions_json(state: &SessionState) -> String {
    let export = JsonExport {
        session: &state.title,
        actions: state
            .agreed_actions()
            .map(|a| JsonAction {
                id: a.id.0,
                title: &a.title,
                status: a.status,
                owner: &a.owner,
                department: state.department_name(a.department),
                due: a.due.to_string(),
                problem: problem_text(state, a),
                idea: state.action_idea(a).map(str::to_owned),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&export).unwrap_or_else(|_| "{}".to_owned())
}

/// The whole session on one page: problems per department, ideas with votes, actions.
pub fn summary_markdown(state: &SessionState) -> String {
    let w = words(state);
    let language = state.settings.language;
    let mut out = format!("# {}\n\n", md_text(&state.title));
    let _ = writeln!(
        out,
        "{}: {}. {}: {}.\n",
        w.phase,
        w.phase_name(state.phase),
        w.participants,
        state.participants.len()
    );
    for dept in &state.departments {
        let _ = writeln!(out, "## {}\n", md_text(&dept.name));
        let members: Vec<&str> = state.members(dept.id).map(|p| p.name.as_str()).collect();
        let _ = writeln!(
            out,
            "{} ({}): {}\n",
            w.members,
            members.len(),
            md_text(&members.join(", "))
        );
        // Live ones only: withdrawn and hidden cards stay out of what leaves the room.
        let problems: Vec<_> = state.problems_of(dept.id).collect();
        if problems.is_empty() {
            let _ = writeln!(out, "_{}_\n", w.no_problems);
        }
        for p in problems {
            let marker = if p.picked {
                format!(" ({})", w.picked)
            } else {
                String::new()
            };
            let _ = writeln!(out, "### {}{marker}: {}\n", w.problem, md_text(&p.text));
            let ideas = state.ranked_ideas(p.id);
            if ideas.is_empty() {
                if p.picked {
                    let _ = writeln!(out, "_{}_\n", w.no_ideas);
                }
                continue;
            }
            for (idea, tally) in ideas {
                let votes = match tally {
                    Some(n) => w.votes(language, n),
                    None => w.votes_hidden.to_owned(),
                };
                let _ = writeln!(
                    out,
                    "- {} — {} {} ({votes})",
                    md_text(&idea.text),
                    w.from,
                    md_text(state.department_name(idea.department)),
                );
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "## {}\n", w.action_items);
    actions_table(state, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_neutralized() {
        let cells = [
            "plain",
            "a,b",
            "say \"hi\"",
            "=SUM(A1)",
            "-1,2",
            "@x",
            "line\nbreak",
        ];
        let doc = csv_document(["h"; 7], std::iter::once(cells.map(str::to_owned)));
        assert_eq!(
            doc,
            "\u{feff}h,h,h,h,h,h,h\r\nplain,\"a,b\",\"say \"\"hi\"\"\",'=SUM(A1),\"'-1,2\",'@x,\"line\nbreak\"\r\n"
        );
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(
            md_text("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(
            md_text("![](http://e/p.png)"),
            "\\!\\[\\]\\(http://e/p.png\\)"
        );
        assert_eq!(md_text("a|b\nc"), "a\\|b c");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Q3 Summit: Marketing × CS!"), "q3-summit-marketing-cs");
        assert_eq!(slug("!!!"), "session");
    }
}
