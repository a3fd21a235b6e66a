//! The action items as iCalendar (RFC 5545), for the download and the live feed.
//!
//! Each agreed item appears twice, so that it lands wherever a lead looks: as an
//! all-day VEVENT on its due date, which every calendar app shows (Google Calendar
//! and Outlook ignore tasks in a subscribed calendar), its status in its title once
//! it moves; and as a VTODO with its due date and STATUS, which task apps read.
//! Written by the `icalendar` crate (escaping, line folding), in the session's
//! language.

use super::{problem_text, words};
use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property, Todo, TodoStatus};
use summit_shared::{ActionItem, ActionStatus, SessionId, SessionState};

pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// How often a subscribed calendar should look again (RFC 7986 REFRESH-INTERVAL,
/// and the X-PUBLISHED-TTL that Outlook and Google read): hourly.
const REFRESH: &str = "PT1H";

/// The session's agreed action items at `now_ms` (the feed's DTSTAMP).
pub fn actions_calendar(id: &SessionId, state: &SessionState, now_ms: i64) -> String {
    let w = words(state);
    let stamp = DateTime::<Utc>::from_timestamp_millis(now_ms).unwrap_or_default();
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Summit//Action items//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .name(&format!("{} · {}", state.title, w.action_items))
        .append_property(
            Property::new("REFRESH-INTERVAL", REFRESH)
                .add_parameter("VALUE", "DURATION")
                .done(),
        )
        .append_property(("X-PUBLISHED-TTL", REFRESH));
    for a in state.agreed_actions() {
        let Some(due) = NaiveDate::from_ymd_opt(
            i32::from(a.due.year),
            u32::from(a.due.month),
            u32::from(a.due.day),
        ) else {
            continue;
        };
        let description = description(state, a);
        let department = state.department_name(a.department);
        let title = match a.status {
            ActionStatus::Open => a.title.clone(),
            other => format!("[{}] {}", w.status_name(other), a.title),
        };
        calendar.push(
            Event::new()
                .uid(&format!("{id}-{}@summit", a.id))
                .timestamp(stamp)
                .all_day(due)
                .summary(&title)
                .description(&description)
                .categories([department])
                .status(EventStatus::Confirmed)
                .done(),
        );
        calendar.push(
            Todo::new()
                .uid(&format!("{id}-{}-todo@summit", a.id))
                .timestamp(stamp)
                .due(due)
                .summary(&a.title)
                .description(&description)
                .categories([department])
                .status(todo_status(a.status))
                .percent_complete(percent(a.status))
                .done(),
        );
    }
    calendar.done().to_string()
}

fn todo_status(status: ActionStatus) -> TodoStatus {
    match status {
        ActionStatus::Open => TodoStatus::NeedsAction,
        ActionStatus::InProgress => TodoStatus::InProcess,
        ActionStatus::Done => TodoStatus::Completed,
    }
}

fn percent(status: ActionStatus) -> u8 {
    match status {
        ActionStatus::Open => 0,
        ActionStatus::InProgress => 50,
        ActionStatus::Done => 100,
    }
}

/// Owner, status, problem, idea and progress notes, one per line.
fn description(state: &SessionState, a: &ActionItem) -> String {
    let w = words(state);
    let mut lines = vec![
        format!(
            "{}: {} ({})",
            w.owner,
            a.owner,
            state.department_name(a.department)
        ),
        format!("{}: {}", w.status, w.status_name(a.status)),
        format!("{}: {}", w.problem, problem_text(state, a)),
    ];
    if let Some(idea) = state.action_idea(a) {
        lines.push(format!("{}: {idea}", w.idea));
    }
    if !a.notes.is_empty() {
        lines.push(format!("{}:", w.progress));
        for note in &a.notes {
            let day = DateTime::<Utc>::from_timestamp_millis(note.at)
                .map(|t| t.date_naive().to_string())
                .unwrap_or_default();
            lines.push(format!("{day} {}", note.text));
        }
    }
    lines.push(format!("{}: {}", w.from_summit, state.title));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use summit_shared::{
        ActionId, Date, Department, DepartmentId, NoteAuthor, Problem, ProblemId, ProgressNote,
    };

    fn state() -> SessionState {
        let mut s = SessionState {
            title: "Q3; summit, \"big\"".into(),
            departments: vec![Department {
                id: DepartmentId(1),
                name: "Sales".into(),
            }],
            ..Default::default()
        };
        s.problems.insert(
            ProblemId(1),
            Problem {
                id: ProblemId(1),
                department: DepartmentId(1),
                author: None,
                text: "Late invoices".into(),
                withdrawn: false,
                picked: true,
                support: vec![],
                hidden_support: 0,
                hidden: false,
                merged_into: None,
            },
        );
        s.actions.insert(
            ActionId(1),
            ActionItem {
                id: ActionId(1),
                title: "Weekly review, with \"all\"; é".repeat(3),
                problem: Some(ProblemId(1)),
                idea: None,
                owner: "Dana".into(),
                department: DepartmentId(1),
                due: Date::new(2027, 2, 28).unwrap_or_else(|| unreachable!()),
                status: ActionStatus::InProgress,
                proposal: None,
                notes: vec![ProgressNote {
                    text: "Pilot in two teams".into(),
                    at: 1_795_000_000_000,
                    by: NoteAuthor::Lead,
                }],
                carried: None,
            },
        );
        s
    }

    #[test]
    fn each_item_is_an_event_and_a_task_with_its_status() {
        let ics = actions_calendar(&SessionId("s1".into()), &state(), 1_795_000_000_000);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Summit"));
        assert_eq!(ics.matches("PRODID").count(), 1);
        assert!(ics.contains("BEGIN:VEVENT"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20270228"));
        assert!(ics.contains("BEGIN:VTODO"));
        assert!(ics.contains("DUE;VALUE=DATE:20270228"));
        assert!(ics.contains("STATUS:IN-PROCESS"));
        assert!(ics.contains("DTSTAMP:20261118T"));
        assert!(ics.contains("Q3\\; summit\\, \"big\""));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
    }
}
