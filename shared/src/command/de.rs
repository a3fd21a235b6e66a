//! `Deserialize` for [`Command`], written by hand so that reading a command does not
//! buffer it (how, and what it accepts: [`crate::tagged`]).
//!
//! The server reads one command per vote; serde's derive first copied each into its
//! `Content` tree (an allocation per key and string) and then read it a second time.
//! Like the derive, unknown fields are refused (`deny_unknown_fields`), and the tag
//! may be the variant's name or its index.

use super::Command;
use crate::ids::{ActionId, DepartmentId, IdeaId, ProblemId};
use crate::phase::Phase;
use crate::state::{ActionStatus, Settings};
use crate::tagged;
use crate::ActionDraft;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Command, D::Error> {
        deserializer.deserialize_map(CommandVisitor)
    }
}

struct CommandVisitor;

impl<'de> Visitor<'de> for CommandVisitor {
    type Value = Command;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // The derive's wording, so error messages stay the same.
        f.write_str("internally tagged enum Command")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Command, A::Error> {
        tagged::read::<A, Tagged, Command>(map, "a command")
    }
}

/// [`Command`]'s variants and fields, externally tagged: the variant's derived code
/// reads its fields. Keep it in step with [`Command`] (the `From` below and the
/// tests in `shared/tests/command_json.rs` catch a missing variant or field).
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Tagged {
    Join {
        name: String,
        department: DepartmentId,
    },
    SetPhase {
        phase: Phase,
    },
    RenameDepartment {
        department: DepartmentId,
        name: String,
    },
    UpdateSettings {
        settings: Settings,
    },
    StartTimer {
        seconds: u32,
    },
    ClearTimer {},
    SubmitProblem {
        text: String,
    },
    WithdrawProblem {
        problem: ProblemId,
    },
    SupportProblem {
        problem: ProblemId,
        support: bool,
    },
    ConfirmPick {
        problem: ProblemId,
        picked: bool,
    },
    SubmitIdea {
        problem: ProblemId,
        text: String,
    },
    WithdrawIdea {
        idea: IdeaId,
    },
    CastVote {
        idea: IdeaId,
    },
    RetractVote {
        idea: IdeaId,
    },
    MoveVote {
        from: IdeaId,
        to: IdeaId,
    },
    CreateAction {
        action: ActionDraft,
    },
    UpdateAction {
        id: ActionId,
        action: ActionDraft,
    },
    SetActionStatus {
        id: ActionId,
        status: ActionStatus,
    },
    DeleteAction {
        id: ActionId,
    },
}

impl From<Tagged> for Command {
    fn from(tagged: Tagged) -> Command {
        match tagged {
            Tagged::Join { name, department } => Command::Join { name, department },
            Tagged::SetPhase { phase } => Command::SetPhase { phase },
            Tagged::RenameDepartment { department, name } => {
                Command::RenameDepartment { department, name }
            }
            Tagged::UpdateSettings { settings } => Command::UpdateSettings { settings },
            Tagged::StartTimer { seconds } => Command::StartTimer { seconds },
            Tagged::ClearTimer {} => Command::ClearTimer {},
            Tagged::SubmitProblem { text } => Command::SubmitProblem { text },
            Tagged::WithdrawProblem { problem } => Command::WithdrawProblem { problem },
            Tagged::SupportProblem { problem, support } => {
                Command::SupportProblem { problem, support }
            }
            Tagged::ConfirmPick { problem, picked } => Command::ConfirmPick { problem, picked },
            Tagged::SubmitIdea { problem, text } => Command::SubmitIdea { problem, text },
            Tagged::WithdrawIdea { idea } => Command::WithdrawIdea { idea },
            Tagged::CastVote { idea } => Command::CastVote { idea },
            Tagged::RetractVote { idea } => Command::RetractVote { idea },
            Tagged::MoveVote { from, to } => Command::MoveVote { from, to },
            Tagged::CreateAction { action } => Command::CreateAction { action },
            Tagged::UpdateAction { id, action } => Command::UpdateAction { id, action },
            Tagged::SetActionStatus { id, status } => Command::SetActionStatus { id, status },
            Tagged::DeleteAction { id } => Command::DeleteAction { id },
        }
    }
}
