//! The questions [`crate::decide`] is made of: "may this actor do that, here and now?"
//!
//! Each check answers with the first reason the server would give, in `decide`'s
//! order, so a browser that asks before showing a control (a form, a button) shows
//! it exactly when the server would accept the command. For a complete command the
//! browser asks `decide` itself, through [`SessionState::accepts`].

use crate::command::Actor;
use crate::error::DomainError;
use crate::ids::{IdeaId, ProblemId};
use crate::limits;
use crate::model::{Idea, Participant, Problem, Settings};
use crate::phase::Phase;
use crate::state::SessionState;

impl Settings {
    /// The voting settings' own limits: 1 to 50 dots, and a cap per idea between 1
    /// and the budget. Checked on creation and on every change.
    pub fn validate(&self) -> Result<(), DomainError> {
        if !(1..=limits::VOTE_BUDGET_MAX).contains(&self.vote_budget) {
            return Err(DomainError::InvalidSettings(
                "The vote budget must be between 1 and 50 dots.",
            ));
        }
        if !(1..=self.vote_budget).contains(&self.vote_cap_per_idea) {
            return Err(DomainError::InvalidSettings(
                "The cap per idea must be between 1 and the vote budget.",
            ));
        }
        Ok(())
    }
}

/// The facilitator, and nobody else.
pub fn facilitator(actor: Actor) -> Result<(), DomainError> {
    match actor {
        Actor::Facilitator => Ok(()),
        _ => Err(DomainError::FacilitatorOnly),
    }
}

impl SessionState {
    /// A closed summit is read-only: every command but a phase change is refused.
    pub fn ensure_open(&self) -> Result<(), DomainError> {
        if self.phase == Phase::Closed {
            return Err(DomainError::Closed);
        }
        Ok(())
    }

    /// The joined participant `actor` is.
    pub fn participant_of(&self, actor: Actor) -> Result<&Participant, DomainError> {
        let id = actor.participant().ok_or(DomainError::ParticipantOnly)?;
        self.participants
            .get(&id)
            .ok_or(DomainError::UnknownParticipant)
    }

    /// The session is in `wanted`; `expected` names it in the refusal.
    pub fn ensure_phase(&self, wanted: Phase, expected: &'static str) -> Result<(), DomainError> {
        if self.phase == wanted {
            Ok(())
        } else {
            Err(DomainError::WrongPhase {
                expected,
                actual: self.phase,
            })
        }
    }

    /// A problem that exists and was not withdrawn.
    pub fn live_problem(&self, id: ProblemId) -> Result<&Problem, DomainError> {
        self.problems
            .get(&id)
            .filter(|p| !p.withdrawn)
            .ok_or(DomainError::UnknownProblem)
    }

    /// An idea that exists and was not withdrawn.
    pub fn live_idea(&self, id: IdeaId) -> Result<&Idea, DomainError> {
        self.ideas
            .get(&id)
            .filter(|i| !i.withdrawn)
            .ok_or(DomainError::UnknownIdea)
    }

    /// A participant writes their department's problems during Problems.
    pub fn may_submit_problem(&self, actor: Actor) -> Result<&Participant, DomainError> {
        self.ensure_open()?;
        let me = self.participant_of(actor)?;
        self.ensure_phase(Phase::Problems, "the Problems phase")?;
        Ok(me)
    }

    /// The facilitator removes any problem before Plan; an author withdraws their
    /// own during Problems.
    pub fn may_withdraw_problem(
        &self,
        actor: Actor,
        problem: ProblemId,
    ) -> Result<&Problem, DomainError> {
        self.ensure_open()?;
        let p = self.live_problem(problem)?;
        self.moderate_or_withdraw(actor, p.author, Phase::Problems, "the Problems phase")?;
        Ok(p)
    }

    /// A participant proposes an idea for a picked problem during Ideas: another
    /// department's, or their own when the settings allow it.
    pub fn may_submit_idea(
        &self,
        actor: Actor,
        problem: ProblemId,
    ) -> Result<&Participant, DomainError> {
        self.ensure_open()?;
        let me = self.participant_of(actor)?;
        self.ensure_phase(Phase::Ideas, "the Ideas phase")?;
        let p = self.live_problem(problem)?;
        if !p.picked {
            return Err(DomainError::ProblemNotPicked);
        }
        if p.department == me.department && !self.settings.allow_own_department_ideas {
            return Err(DomainError::OwnDepartmentIdea);
        }
        Ok(me)
    }

    /// The facilitator removes any idea before Plan; an author withdraws their own
    /// during Ideas.
    pub fn may_withdraw_idea(&self, actor: Actor, idea: IdeaId) -> Result<&Idea, DomainError> {
        self.ensure_open()?;
        let i = self.live_idea(idea)?;
        self.moderate_or_withdraw(actor, i.author, Phase::Ideas, "the Ideas phase")?;
        Ok(i)
    }

    /// Participants vote, move and take back their dots during Vote.
    pub fn may_vote(&self, actor: Actor) -> Result<&Participant, DomainError> {
        self.ensure_open()?;
        let me = self.participant_of(actor)?;
        self.ensure_phase(Phase::Vote, "the Vote phase")?;
        Ok(me)
    }

    /// The vote budget and the cap per idea are fixed once voting starts.
    pub fn may_change_votes(&self) -> Result<(), DomainError> {
        if self.phase >= Phase::Vote {
            return Err(DomainError::WrongPhase {
                expected: "a phase before Vote to change the vote budget",
                actual: self.phase,
            });
        }
        Ok(())
    }

    /// Whether the settings may become `settings` (the facilitator's change, once
    /// `decide` knows it is theirs).
    pub fn check_settings(&self, settings: &Settings) -> Result<(), DomainError> {
        settings.validate()?;
        if settings.anonymous != self.settings.anonymous {
            return Err(DomainError::InvalidSettings(
                "Anonymity is chosen when the session is created and cannot change.",
            ));
        }
        let votes_changed = settings.vote_budget != self.settings.vote_budget
            || settings.vote_cap_per_idea != self.settings.vote_cap_per_idea;
        if votes_changed {
            self.may_change_votes()?;
        }
        // Stepping back from Vote to Ideas keeps the dots already cast: the budget
        // and cap must not drop below them (nobody could take them back in Ideas).
        let over = self.votes.values().any(|mine| {
            mine.values().sum::<u32>() > settings.vote_budget
                || mine.values().any(|n| *n > settings.vote_cap_per_idea)
        });
        if votes_changed && over {
            return Err(DomainError::InvalidSettings(
                "Votes already cast exceed that budget or cap; it cannot go below the dots already spent.",
            ));
        }
        Ok(())
    }

    /// The facilitator turns ideas into action items, and keeps them, during Plan.
    pub fn may_plan(&self, actor: Actor) -> Result<(), DomainError> {
        self.ensure_open()?;
        facilitator(actor)?;
        self.ensure_phase(Phase::Plan, "the Plan phase")
    }

    /// Moderation (the facilitator, any card, before Plan) or withdrawal (the
    /// author, their own card, in the phase that collects such cards).
    fn moderate_or_withdraw(
        &self,
        actor: Actor,
        author: Option<crate::ParticipantId>,
        own_phase: Phase,
        expected: &'static str,
    ) -> Result<(), DomainError> {
        match actor {
            Actor::Facilitator if self.phase < Phase::Plan => Ok(()),
            Actor::Facilitator => Err(DomainError::WrongPhase {
                expected: "a phase before Plan",
                actual: self.phase,
            }),
            Actor::Participant(me) if author == Some(me) => self.ensure_phase(own_phase, expected),
            _ => Err(DomainError::NotAuthor),
        }
    }
}
