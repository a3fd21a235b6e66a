//! The catalogue stays a catalogue: well over sixty hostile inputs, each named once.

use crate::closed::closed_cases;
use crate::commands::command_cases;
use crate::credentials::credential_cases;
use crate::fixture::{
    accepted_actions, accepted_commands, accepted_ideas, accepted_joins, accepted_problems,
};
use crate::harness::*;
use crate::ideas::idea_cases;
use crate::joins::{join_cases, preview_cases};
use crate::pick::pick_cases;
use crate::plan::plan_cases;
use crate::problems::problem_cases;
use crate::sessions::{accepted_sessions, session_creation_cases};
use crate::votes::{vote_cap_cases, vote_cases};
use std::collections::BTreeSet;

#[test]
fn the_catalogue_holds_more_than_sixty_named_cases() {
    let cx = Ctx {
        sid: "A".repeat(22),
        code: "ACDEFG".into(),
        fac: "fac".into(),
        ann: "ann".into(),
        bob: "bob".into(),
        other_sid: "B".repeat(22),
        other_code: "HJKMNP".into(),
        other_fac: "other".into(),
        olga: "olga".into(),
    };
    let refused: Vec<Case> = [
        preview_cases(&cx),
        session_creation_cases(),
        join_cases(&cx),
        credential_cases(&cx, "1.p1.signature", "1.f.signature"),
        command_cases(&cx),
        problem_cases(&cx, 1),
        pick_cases(&cx, 1, 2),
        idea_cases(&cx, 1, 2, 3),
        vote_cap_cases(&cx, 1, 2),
        vote_cases(&cx, 1, 2, 3),
        plan_cases(&cx, 1, 1, 2),
        closed_cases(&cx),
    ]
    .concat();
    let accepted: Vec<Case> = [
        accepted_sessions(),
        accepted_joins(&cx),
        accepted_commands(&cx),
        accepted_problems(&cx),
        accepted_ideas(&cx, 1, 2),
        accepted_actions(&cx, 1, 1),
    ]
    .into_iter()
    .flatten()
    .map(|a| a.case)
    .collect();
    assert!(refused.len() + accepted.len() >= 60);
    let mut names = BTreeSet::new();
    for case in refused.iter().chain(&accepted) {
        assert!(
            names.insert(case.name.clone()),
            "two cases are named {:?}",
            case.name
        );
    }
}
