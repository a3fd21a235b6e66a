//! The questions [`crate::decide`] is made of: "may this actor do that, here and now?"
//!
//! Every command is checked by one of these (or, for `join`, in `decide` itself),
//! each answering with the first reason the server would give. The browser asks the
//! same question before it shows a control (a form, a button), so a control is shown
//! exactly when the server would accept its command; `shared/tests/questions.rs`
//! holds both to that. (The browser asks these rather than `decide`: they are all it
//! needs, and building the events too would cost the wasm about 4 KB gzip.)

use crate::command::{ActionDraft, Actor};
use crate::error::{DomainError, SettingsProblem};
use crate::ids::{ActionId, Card, CommentId, DepartmentId, IdeaId, ParticipantId, ProblemId};
use crate::limits::{self, Field};
use crate::model::{
    ActionItem, ActionStatus, Comment, Department, Idea, Participant, Problem, Proposal, Settings,
    Verdict,
};
use crate::phase::Phase;
use crate::state::{SessionState, Timer};

impl Settings {
    /// The voting settings' own limits: 1 to 50 dots, and a cap per idea between 1
    /// and the budget. Checked on creation and on every change.
    pub fn validate(&self) -> Result<(), DomainError> {
        if !(1..=limits::VOTE_BUDGET_MAX).contains(&self.vote_budget) {
            return Err(DomainError::InvalidSettings(SettingsProblem::BudgetRange));
        }
        if !(1..=self.vote_budget).contains(&self.vote_cap_per_idea) {
            return Err(DomainError::InvalidSettings(SettingsProblem::CapRange));
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

/// Who follows action items up after the summit: the facilitator or a lead.
pub fn follower(actor: Actor) -> Result<(), DomainError> {
    match actor {
        Actor::Facilitator | Actor::Lead => Ok(()),
        _ => Err(DomainError::FacilitatorOnly),
    }
}

/// A department name that no other department has (ignoring case and invisible
/// characters).
pub fn ensure_unique_department<'a>(
    mut others: impl Iterator<Item = &'a Department>,
    name: &str,
) -> Result<(), DomainError> {
    let key = limits::comparison_key(name);
    if others.any(|d| limits::comparison_key(&d.name) == key) {
        return Err(DomainError::DuplicateDepartment(name.to_owned()));
    }
    Ok(())
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

    /// A problem on the board: it exists, and was neither withdrawn, hidden nor
    /// merged into another.
    pub fn live_problem(&self, id: ProblemId) -> Result<&Problem, DomainError> {
        let p = self
            .problems
            .get(&id)
            .filter(|p| !p.withdrawn && !p.hidden)
            .ok_or(DomainError::UnknownProblem)?;
        if p.merged_into.is_some() {
            return Err(DomainError::Merged);
        }
        Ok(p)
    }

    /// An idea on the board: it exists, and was neither withdrawn, hidden nor merged.
    pub fn live_idea(&self, id: IdeaId) -> Result<&Idea, DomainError> {
        let i = self
            .ideas
            .get(&id)
            .filter(|i| !i.withdrawn && !i.hidden)
            .ok_or(DomainError::UnknownIdea)?;
        if i.merged_into.is_some() {
            return Err(DomainError::Merged);
        }
        Ok(i)
    }

    /// The facilitator's own controls, outside the phases: settings, timer, names.
    pub fn may_facilitate(&self, actor: Actor) -> Result<(), DomainError> {
        self.ensure_open()?;
        facilitator(actor)
    }

    /// The facilitator moves one phase forward or back (Review only where items were
    /// carried over); Ideas needs a picked problem. (A closed summit can still go
    /// back to Plan.)
    pub fn may_set_phase(&self, actor: Actor, phase: Phase) -> Result<(), DomainError> {
        facilitator(actor)?;
        let from = self.phase;
        if Some(phase) != self.next_phase() && Some(phase) != self.previous_phase() {
            return Err(DomainError::PhaseStep { from });
        }
        if from == Phase::Pick && phase == Phase::Ideas && self.picked_problems().next().is_none() {
            return Err(DomainError::NothingPicked);
        }
        Ok(())
    }

    /// The facilitator renames a department to a name no other one has; answers with
    /// the name as it will be stored.
    pub fn may_rename(
        &self,
        actor: Actor,
        department: DepartmentId,
        name: &str,
    ) -> Result<String, DomainError> {
        self.may_facilitate(actor)?;
        let name = limits::clean(Field::Department, name)?;
        self.department(department)
            .ok_or(DomainError::UnknownDepartment)?;
        ensure_unique_department(
            self.departments.iter().filter(|d| d.id != department),
            &name,
        )?;
        Ok(name)
    }

    /// `participant` may go to `department`: by their own hand in the Lobby (a
    /// department to choose before the summit starts), by the facilitator's at any time.
    pub fn may_move_participant(
        &self,
        actor: Actor,
        participant: ParticipantId,
        department: DepartmentId,
    ) -> Result<(), DomainError> {
        self.ensure_open()?;
        self.department(department)
            .ok_or(DomainError::UnknownDepartment)?;
        match actor {
            Actor::Facilitator => {}
            Actor::Participant(me) if me == participant => {
                self.ensure_phase(Phase::Lobby, "Lobby")?;
            }
            _ => return Err(DomainError::FacilitatorOnly),
        }
        self.participants
            .get(&participant)
            .map(|_| ())
            .ok_or(DomainError::UnknownParticipant)
    }

    /// The facilitator starts a timer of 1 second to 4 hours.
    pub fn may_start_timer(&self, actor: Actor, seconds: u32) -> Result<(), DomainError> {
        self.may_facilitate(actor)?;
        if !(1..=limits::TIMER_MAX_SECONDS).contains(&seconds) {
            return Err(DomainError::TimerRange {
                max: limits::TIMER_MAX_SECONDS,
            });
        }
        Ok(())
    }

    /// The facilitator changes the timer there is (pauses, resumes, keeps it).
    pub fn may_change_timer(&self, actor: Actor) -> Result<&Timer, DomainError> {
        self.may_facilitate(actor)?;
        self.timer.as_ref().ok_or(DomainError::NoTimer)
    }

    /// The facilitator gives the timer `seconds` more, as long as its whole length
    /// stays within 4 hours (whether it has run out does not matter: it then runs
    /// again for those seconds).
    pub fn may_extend_timer(&self, actor: Actor, seconds: u32) -> Result<(), DomainError> {
        let timer = self.may_change_timer(actor)?;
        let max = limits::TIMER_MAX_SECONDS;
        if seconds == 0 || timer.seconds.saturating_add(seconds) > max {
            return Err(DomainError::TimerRange { max });
        }
        Ok(())
    }

    /// A participant says they are done, in a phase where participants have work.
    pub fn may_set_done(&self, actor: Actor) -> Result<&Participant, DomainError> {
        self.ensure_open()?;
        let me = self.participant_of(actor)?;
        if !self.phase.has_participant_work() {
            return Err(DomainError::WrongPhase {
                expected: "Problems, Pick, Ideas or Vote",
                actual: self.phase,
            });
        }
        Ok(me)
    }

    /// Only the server says who has a live stream open, of a participant who joined.
    pub fn may_set_presence(
        &self,
        actor: Actor,
        participant: ParticipantId,
    ) -> Result<(), DomainError> {
        self.ensure_open()?;
        if actor != Actor::Server {
            return Err(DomainError::ServerOnly);
        }
        self.participants
            .get(&participant)
            .map(|_| ())
            .ok_or(DomainError::UnknownParticipant)
    }

    /// A joined participant, acting in `phase` (`expected` names it in the refusal).
    fn participant_in(
        &self,
        actor: Actor,
        phase: Phase,
        expected: &'static str,
    ) -> Result<&Participant, DomainError> {
        self.ensure_open()?;
        let me = self.participant_of(actor)?;
        self.ensure_phase(phase, expected)?;
        Ok(me)
    }

    /// Someone joins, while the session has room.
    pub fn may_join(&self) -> Result<(), DomainError> {
        self.ensure_open()?;
        if !self.has_room() {
            return Err(DomainError::ParticipantLimit {
                max: self.bounds.participants,
            });
        }
        Ok(())
    }

    /// Whether one more person may join (as many have as the session takes, or not):
    /// the join page says so before anyone fills in the form.
    pub fn has_room(&self) -> bool {
        self.participants.len() < self.bounds.participants as usize
    }

    /// A participant writes their department's problems during Problems, up to their
    /// share and the session's room for cards.
    pub fn may_submit_problem(&self, actor: Actor) -> Result<&Participant, DomainError> {
        let me = self.participant_in(actor, Phase::Problems, "the Problems phase")?;
        self.ensure_room_for_a_card()?;
        if self.problems_left(me.id) == 0 {
            return Err(DomainError::ProblemLimit {
                max: self.bounds.problems_per_participant,
            });
        }
        Ok(me)
    }

    /// Checked before each person's share: when the session is full, that is the
    /// reason to give, whatever the person has added.
    fn ensure_room_for_a_card(&self) -> Result<(), DomainError> {
        if self.cards_left() == 0 {
            return Err(DomainError::CardLimit {
                max: self.bounds.cards,
            });
        }
        Ok(())
    }

    /// An author withdraws their own problem during Problems (the facilitator hides
    /// problems: [`SessionState::may_hide_problem`]).
    pub fn may_withdraw_problem(
        &self,
        actor: Actor,
        problem: ProblemId,
    ) -> Result<&Problem, DomainError> {
        self.ensure_open()?;
        let p = self.live_problem(problem)?;
        self.author_withdraws(actor, p.author, Phase::Problems, "the Problems phase")?;
        if self.problems_merged_into(problem).next().is_some() {
            return Err(DomainError::HasMerged);
        }
        Ok(p)
    }

    /// A member of the problem's department supports (or stops supporting) it during
    /// Pick.
    pub fn may_support(
        &self,
        actor: Actor,
        problem: ProblemId,
    ) -> Result<&Participant, DomainError> {
        let me = self.participant_in(actor, Phase::Pick, "the Pick phase")?;
        let p = self.live_problem(problem)?;
        if p.department != me.department {
            return Err(DomainError::NotOwnDepartment);
        }
        Ok(me)
    }

    /// The facilitator picks (or unpicks) a problem during Pick.
    pub fn may_pick(&self, actor: Actor, problem: ProblemId) -> Result<&Problem, DomainError> {
        self.ensure_open()?;
        facilitator(actor)?;
        self.ensure_phase(Phase::Pick, "the Pick phase")?;
        self.live_problem(problem)
    }

    /// A participant proposes an idea for a picked problem during Ideas: another
    /// department's, or their own when the settings allow it.
    pub fn may_submit_idea(
        &self,
        actor: Actor,
        problem: ProblemId,
    ) -> Result<&Participant, DomainError> {
        let me = self.participant_in(actor, Phase::Ideas, "the Ideas phase")?;
        let p = self.live_problem(problem)?;
        if !p.picked {
            return Err(DomainError::ProblemNotPicked);
        }
        if p.department == me.department && !self.settings.allow_own_department_ideas {
            return Err(DomainError::OwnDepartmentIdea);
        }
        self.ensure_room_for_a_card()?;
        if self.ideas_left(me.id) == 0 {
            return Err(DomainError::IdeaLimit {
                max: self.bounds.ideas_per_participant,
            });
        }
        Ok(me)
    }

    /// An author withdraws their own idea during Ideas (the facilitator hides ideas:
    /// [`SessionState::may_hide_idea`]).
    pub fn may_withdraw_idea(&self, actor: Actor, idea: IdeaId) -> Result<&Idea, DomainError> {
        self.ensure_open()?;
        let i = self.live_idea(idea)?;
        self.author_withdraws(actor, i.author, Phase::Ideas, "the Ideas phase")?;
        if self.ideas_merged_into(idea).next().is_some() {
            return Err(DomainError::HasMerged);
        }
        Ok(i)
    }

    /// The facilitator hides a problem (or brings it back) in any phase of an open
    /// session. A picked problem stays in view: its ideas and dots hang on it.
    pub fn may_hide_problem(
        &self,
        actor: Actor,
        problem: ProblemId,
        hidden: bool,
    ) -> Result<&Problem, DomainError> {
        self.ensure_open()?;
        facilitator(actor)?;
        let p = self
            .problems
            .get(&problem)
            .filter(|p| !p.withdrawn)
            .ok_or(DomainError::UnknownProblem)?;
        if p.merged_into.is_some() {
            return Err(DomainError::Merged);
        }
        if hidden && p.picked {
            return Err(DomainError::ProblemPicked);
        }
        Ok(p)
    }

    /// The facilitator hides an idea (or brings it back) in any phase of an open
    /// session. Its dots stay where they are: no one learns a tally from it.
    pub fn may_hide_idea(&self, actor: Actor, idea: IdeaId) -> Result<&Idea, DomainError> {
        self.ensure_open()?;
        facilitator(actor)?;
        let i = self
            .ideas
            .get(&idea)
            .filter(|i| !i.withdrawn)
            .ok_or(DomainError::UnknownIdea)?;
        if i.merged_into.is_some() {
            return Err(DomainError::Merged);
        }
        Ok(i)
    }

    /// Whether `card` may be merged into `into` now, whoever asks: two cards on the
    /// board of one kind, problems of one department during Problems or Pick, ideas
    /// for one problem during Ideas before any dot is cast (a merged idea's dots
    /// would be stranded, and moving them would tell its tally).
    pub fn mergeable(&self, card: Card, into: Card) -> Result<(), DomainError> {
        match (card, into) {
            (Card::Problem(a), Card::Problem(b)) => {
                if !matches!(self.phase, Phase::Problems | Phase::Pick) {
                    return Err(DomainError::WrongPhase {
                        expected: "the Problems or Pick phase",
                        actual: self.phase,
                    });
                }
                let (pa, pb) = (self.live_problem(a)?, self.live_problem(b)?);
                if a == b || pa.department != pb.department {
                    return Err(DomainError::MergeMismatch);
                }
                Ok(())
            }
            (Card::Idea(a), Card::Idea(b)) => {
                self.ensure_phase(Phase::Ideas, "the Ideas phase")?;
                if self.total_votes() > 0 {
                    return Err(DomainError::VotingStarted);
                }
                let (ia, ib) = (self.live_idea(a)?, self.live_idea(b)?);
                if a == b || ia.problem != ib.problem {
                    return Err(DomainError::MergeMismatch);
                }
                Ok(())
            }
            _ => Err(DomainError::MergeMismatch),
        }
    }

    /// The facilitator merges a duplicate into the card it repeats.
    pub fn may_merge(&self, actor: Actor, card: Card, into: Card) -> Result<(), DomainError> {
        self.ensure_open()?;
        facilitator(actor)?;
        self.mergeable(card, into)
    }

    /// A participant suggests a merge the facilitator could make, up to
    /// [`limits::SUGGESTIONS_PER_PARTICIPANT`] waiting at once (suggesting the same
    /// again is accepted and changes nothing).
    pub fn may_suggest_merge(
        &self,
        actor: Actor,
        card: Card,
        into: Card,
    ) -> Result<&Participant, DomainError> {
        self.ensure_open()?;
        let me = self.participant_of(actor)?;
        self.mergeable(card, into)?;
        if self.has_suggested(me.id, card, into) {
            return Ok(me);
        }
        let mine = self
            .suggestions
            .iter()
            .filter(|s| s.by == Some(me.id))
            .count();
        if mine >= limits::SUGGESTIONS_PER_PARTICIPANT as usize {
            return Err(DomainError::SuggestionLimit {
                max: limits::SUGGESTIONS_PER_PARTICIPANT,
            });
        }
        Ok(me)
    }

    /// A card on the board, problem or idea.
    pub fn live_card(&self, card: Card) -> Result<(), DomainError> {
        match card {
            Card::Problem(id) => self.live_problem(id).map(|_| ()),
            Card::Idea(id) => self.live_idea(id).map(|_| ()),
        }
    }

    /// A joined participant, in a phase where cards are discussed (Problems, Ideas,
    /// Plan), about a card on the board.
    fn discussing(&self, actor: Actor, card: Card) -> Result<&Participant, DomainError> {
        self.ensure_open()?;
        let me = self.participant_of(actor)?;
        if !matches!(self.phase, Phase::Problems | Phase::Ideas | Phase::Plan) {
            return Err(DomainError::WrongPhase {
                expected: "the Problems, Ideas or Plan phase",
                actual: self.phase,
            });
        }
        self.live_card(card)?;
        Ok(me)
    }

    /// A participant comments on a card, up to their share of comments and the
    /// session's.
    pub fn may_comment(&self, actor: Actor, card: Card) -> Result<&Participant, DomainError> {
        let me = self.discussing(actor, card)?;
        if self.session_comments_left() == 0 {
            return Err(DomainError::CommentLimit {
                max: limits::COMMENTS_PER_SESSION,
            });
        }
        if self.comments_left(me.id) == 0 {
            return Err(DomainError::CommentLimit {
                max: limits::COMMENTS_PER_PARTICIPANT,
            });
        }
        Ok(me)
    }

    /// A participant reacts to a card (or takes a reaction back).
    pub fn may_react(&self, actor: Actor, card: Card) -> Result<&Participant, DomainError> {
        self.discussing(actor, card)
    }

    /// The facilitator hides a comment (or brings it back) in an open session.
    pub fn may_hide_comment(
        &self,
        actor: Actor,
        comment: CommentId,
    ) -> Result<&Comment, DomainError> {
        self.ensure_open()?;
        facilitator(actor)?;
        self.comments
            .get(&comment)
            .ok_or(DomainError::UnknownComment)
    }

    /// The facilitator dismisses a suggested merge.
    pub fn may_dismiss_suggestion(&self, actor: Actor) -> Result<(), DomainError> {
        self.may_facilitate(actor)
    }

    /// Participants vote, move and take back their dots during Vote.
    pub fn may_vote(&self, actor: Actor) -> Result<&Participant, DomainError> {
        self.participant_in(actor, Phase::Vote, "the Vote phase")
    }

    /// A participant puts one more dot on a live idea: one is left of the budget, and
    /// the idea is under the cap. Answers with who votes.
    pub fn may_cast(&self, actor: Actor, idea: IdeaId) -> Result<ParticipantId, DomainError> {
        let me = self.may_vote(actor)?.id;
        self.live_idea(idea)?;
        self.check_budget(me)?;
        self.check_cap(me, idea)?;
        Ok(me)
    }

    /// A participant takes back one of their dots on an idea.
    pub fn may_retract(&self, actor: Actor, idea: IdeaId) -> Result<ParticipantId, DomainError> {
        let me = self.may_vote(actor)?.id;
        if self.votes_on(me, idea) == 0 {
            return Err(DomainError::NoVote);
        }
        Ok(me)
    }

    /// A participant moves one of their dots from `from` to a live idea under the cap
    /// (moving it onto the same idea is accepted and changes nothing).
    pub fn may_move(
        &self,
        actor: Actor,
        from: IdeaId,
        to: IdeaId,
    ) -> Result<ParticipantId, DomainError> {
        let me = self.may_retract(actor, from)?;
        self.live_idea(to)?;
        if from != to {
            self.check_cap(me, to)?;
        }
        Ok(me)
    }

    fn check_budget(&self, me: ParticipantId) -> Result<(), DomainError> {
        let budget = self.settings.vote_budget;
        if self.votes_used(me) >= budget {
            return Err(DomainError::VoteBudgetExceeded { budget });
        }
        Ok(())
    }

    fn check_cap(&self, me: ParticipantId, idea: IdeaId) -> Result<(), DomainError> {
        let cap = self.settings.vote_cap_per_idea;
        if self.votes_on(me, idea) >= cap {
            return Err(DomainError::VoteCapExceeded { cap });
        }
        Ok(())
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
        if settings.strictness() < self.settings.strictness() {
            return Err(DomainError::InvalidSettings(
                SettingsProblem::AnonymityLooser,
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
                SettingsProblem::BelowVotesCast,
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

    /// The facilitator puts a picked problem's results alone on the projector during
    /// Plan, or all of them again (`None`).
    pub fn may_spotlight(
        &self,
        actor: Actor,
        problem: Option<ProblemId>,
    ) -> Result<(), DomainError> {
        self.may_plan(actor)?;
        if let Some(id) = problem {
            if !self.live_problem(id)?.picked {
                return Err(DomainError::ProblemNotPicked);
            }
        }
        Ok(())
    }

    /// The picked problem the projector shows alone, while it still may.
    pub fn spotlit(&self) -> Option<ProblemId> {
        self.spotlight
            .filter(|id| self.live_problem(*id).is_ok_and(|p| p.picked))
    }

    /// The facilitator adds an action item during Plan, while the session has room.
    pub fn may_create_action(&self, actor: Actor) -> Result<(), DomainError> {
        self.may_plan(actor)?;
        let max = self.bounds.actions;
        if self.actions_in_room() >= max as usize {
            return Err(DomainError::ActionLimit { max });
        }
        Ok(())
    }

    /// The facilitator changes or deletes an existing action item during Plan.
    pub fn may_change_action(
        &self,
        actor: Actor,
        id: ActionId,
    ) -> Result<&ActionItem, DomainError> {
        self.may_plan(actor)?;
        self.actions.get(&id).ok_or(DomainError::UnknownAction)
    }

    /// An action item's fields: a title and an owner within their limits, a problem
    /// of this session, an idea of that problem if any, a department. Answers with
    /// the item as it will be stored.
    pub fn check_action(
        &self,
        id: ActionId,
        draft: &ActionDraft,
    ) -> Result<ActionItem, DomainError> {
        let title = limits::clean(Field::ActionTitle, &draft.title)?;
        let owner = limits::clean(Field::Owner, &draft.owner)?;
        let earlier = self.actions.get(&id);
        // An item carried over keeps the problem and idea it had in the earlier
        // summit; any other answers a problem of this one.
        let carried = earlier.and_then(|a| a.carried.clone());
        let (problem, idea) = if carried.is_some() {
            (None, None)
        } else {
            let problem = draft.problem.ok_or(DomainError::UnknownProblem)?;
            self.problems
                .get(&problem)
                .ok_or(DomainError::UnknownProblem)?;
            if let Some(idea) = draft.idea {
                let i = self.ideas.get(&idea).ok_or(DomainError::UnknownIdea)?;
                if i.problem != problem {
                    return Err(DomainError::UnknownIdea);
                }
            }
            (Some(problem), draft.idea)
        };
        self.department(draft.department)
            .ok_or(DomainError::UnknownDepartment)?;
        Ok(ActionItem {
            id,
            title,
            problem,
            idea,
            owner,
            department: draft.department,
            due: draft.due,
            status: draft.status,
            proposal: None,
            // Editing an item keeps how its follow-up went.
            notes: earlier.map(|a| a.notes.clone()).unwrap_or_default(),
            carried,
        })
    }

    /// A participant proposes an action item during Plan, within their share of
    /// proposals waiting and the session's room for action items, of which
    /// proposals (waiting or declined) may take at most half: the other half is the
    /// facilitator's.
    pub fn may_propose_action(&self, actor: Actor) -> Result<&Participant, DomainError> {
        let me = self.participant_in(actor, Phase::Plan, "the Plan phase")?;
        let max = self.bounds.actions;
        let proposals = self
            .actions
            .values()
            .filter(|a| a.proposal.is_some())
            .count();
        if self.actions_in_room() >= max as usize || proposals >= (max / 2) as usize {
            return Err(DomainError::ActionLimit { max });
        }
        if self.proposals_waiting(me.id) >= limits::PROPOSALS_PER_PARTICIPANT {
            return Err(DomainError::ProposalLimit {
                max: limits::PROPOSALS_PER_PARTICIPANT,
            });
        }
        Ok(me)
    }

    /// The facilitator edits an agreed action item, in Plan and after the summit; a
    /// proposal is approved (as proposed or edited), declined or deleted instead.
    pub fn may_edit_action(&self, actor: Actor, id: ActionId) -> Result<&ActionItem, DomainError> {
        facilitator(actor)?;
        self.followed_up(id)
    }

    /// The facilitator or a lead (the follow-up link) sets an agreed action item's
    /// status, in Plan and after the summit.
    pub fn may_set_status(&self, actor: Actor, id: ActionId) -> Result<&ActionItem, DomainError> {
        follower(actor)?;
        self.followed_up(id)
    }

    /// The facilitator or a lead writes a progress note on an agreed action item, in
    /// Plan and after the summit, while it has room for one.
    pub fn may_add_note(&self, actor: Actor, id: ActionId) -> Result<&ActionItem, DomainError> {
        let item = self.may_set_status(actor, id)?;
        let max = limits::NOTES_PER_ACTION;
        if item.notes.len() >= max as usize {
            return Err(DomainError::NoteLimit { max });
        }
        Ok(item)
    }

    /// Whether agreed action items are followed up now (status, notes): from Plan
    /// on, the summit closed included. Before, a lead's page says when they will be.
    pub fn follows_up(&self) -> bool {
        matches!(self.phase, Phase::Plan | Phase::Closed)
    }

    /// A summit over with no agreed action item: nothing leaves the room, so there
    /// is nothing for a lead's link, a calendar feed or an export of action items
    /// (a closed summit takes no new items; reopening Plan takes this back).
    pub fn nothing_to_follow_up(&self) -> bool {
        self.phase == Phase::Closed && self.agreed_actions().next().is_none()
    }

    /// An agreed action item while items are followed up ([`Self::follows_up`]).
    fn followed_up(&self, id: ActionId) -> Result<&ActionItem, DomainError> {
        if !self.follows_up() {
            return Err(DomainError::WrongPhase {
                expected: "the Plan phase",
                actual: self.phase,
            });
        }
        let item = self.actions.get(&id).ok_or(DomainError::UnknownAction)?;
        if !item.is_agreed() {
            return Err(DomainError::NotAgreed);
        }
        Ok(item)
    }

    /// The facilitator marks an item carried over from an earlier summit done,
    /// continue or drop, during Review; continuing takes room among this summit's
    /// action items. Answers with the department a continuing item joins:
    /// `department` if given, else the one it was matched to on import.
    pub fn may_review_carried(
        &self,
        actor: Actor,
        id: ActionId,
        verdict: Verdict,
        department: Option<DepartmentId>,
    ) -> Result<DepartmentId, DomainError> {
        self.ensure_open()?;
        facilitator(actor)?;
        self.ensure_phase(Phase::Review, "the Review phase")?;
        let item = self
            .actions
            .get(&id)
            .filter(|a| a.carried.is_some())
            .ok_or(DomainError::UnknownAction)?;
        let max = self.bounds.actions;
        if verdict == Verdict::Continue
            && !item.is_agreed()
            && self.actions_in_room() >= max as usize
        {
            return Err(DomainError::ActionLimit { max });
        }
        let department = department.unwrap_or(item.department);
        self.department(department)
            .ok_or(DomainError::UnknownDepartment)?;
        Ok(department)
    }

    /// The facilitator deletes the session for good, at any time, having typed its
    /// title to confirm (spaces around it aside).
    pub fn may_delete(&self, actor: Actor, typed_title: &str) -> Result<(), DomainError> {
        facilitator(actor)?;
        if typed_title.trim() != self.title {
            return Err(DomainError::TitleMismatch);
        }
        Ok(())
    }

    /// The facilitator issues, renews and revokes the links beyond the room, at any
    /// time (a closed summit's follow-up included).
    pub fn may_hand_out_links(&self, actor: Actor) -> Result<(), DomainError> {
        facilitator(actor)
    }

    /// A proposal's fields: those of any action item, from an idea still in view,
    /// and open. Answers with the proposal as it will be stored.
    pub fn check_proposal(
        &self,
        id: ActionId,
        by: ParticipantId,
        draft: &ActionDraft,
    ) -> Result<ActionItem, DomainError> {
        self.live_idea(draft.idea.ok_or(DomainError::UnknownIdea)?)?;
        let mut item = self.check_action(id, draft)?;
        item.status = ActionStatus::Open;
        item.proposal = Some(Proposal {
            by: Some(by),
            declined: None,
        });
        Ok(item)
    }

    /// The facilitator approves or declines a proposal still waiting, during Plan.
    pub fn may_review_action(
        &self,
        actor: Actor,
        id: ActionId,
    ) -> Result<&ActionItem, DomainError> {
        let item = self.may_change_action(actor, id)?;
        if !item.is_pending() {
            return Err(DomainError::NotAProposal);
        }
        Ok(item)
    }

    /// Withdrawal: the author, their own card, in the phase that collects such cards.
    /// Nobody else deletes a card for good; the facilitator hides it instead.
    fn author_withdraws(
        &self,
        actor: Actor,
        author: Option<ParticipantId>,
        own_phase: Phase,
        expected: &'static str,
    ) -> Result<(), DomainError> {
        match actor {
            Actor::Participant(me) if author == Some(me) => self.ensure_phase(own_phase, expected),
            _ => Err(DomainError::NotAuthor),
        }
    }
}
