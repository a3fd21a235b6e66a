//! Unit tests for the rules in `decide` and `create_session`, one rule at a time, in
//! one file per phase or concern (`cargo test -p summit-shared --test rules vote::`).

#[path = "../common/mod.rs"]
mod common;

mod bounds;
mod carryover;
mod closed;
mod discussion;
mod errors;
mod follow_up;
mod ideas;
mod lengths;
mod lobby;
mod merge;
mod moving;
mod numbering;
mod phases;
mod pick;
mod plan;
mod problems;
mod readiness;
mod roles;
mod spotlight;
mod timer;
mod vote;

pub use common::{
    draft, earlier_summit, p, standard_in, standard_with, Cast, Summit, EARLIER_ID, T0,
};
pub use std::collections::BTreeMap;
pub use summit_shared::*;

pub const EMOJI: &str = "😀"; // 4 bytes in UTF-8, one character

pub fn emoji(n: usize) -> String {
    EMOJI.repeat(n)
}

pub fn setup(departments: &[&str], settings: Settings) -> SessionSetup {
    SessionSetup {
        title: "Summit".into(),
        departments: departments.iter().map(|d| d.to_string()).collect(),
        settings,
        carry_from: None,
    }
}

pub fn settings(vote_budget: u32, vote_cap_per_idea: u32) -> Settings {
    Settings {
        vote_budget,
        vote_cap_per_idea,
        ..Settings::default()
    }
}
