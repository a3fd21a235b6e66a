//! The session state and its reducer: [`SessionState::apply`] folds one event in.
//!
//! `apply` never fails and never checks rules (that is [`crate::decide`]'s job): an
//! event is a fact that already happened. The same reducer runs on the server (on the
//! full event log) and in every browser (on the events projected for that viewer).

use crate::command::{Actor, Command};
use crate::date::Date;
use crate::event::Event;
use crate::ids::{ActionId, Card, CommentId, DepartmentId, IdeaId, ParticipantId, ProblemId};
use crate::limits::{self, Bounds};
use crate::model::{
    ActionItem, ActionStatus, Carried, CarriedFrom, Comment, Department, Idea, LinkKind, Links,
    Participant, Problem, Reaction, Reactions, Settings, Suggestion, Verdict,
};
use crate::phase::Phase;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Timer {
    /// Unix time in milliseconds (server clock) when the timer runs out (while it runs).
    pub ends_at: i64,
    /// Its length: what it was started with and every extension.
    pub seconds: u32,
    /// Milliseconds left, while paused.
    #[serde(default)]
    pub paused: Option<i64>,
    /// It keeps running when the phase changes.
    #[serde(default)]
    pub keep: bool,
}

impl Timer {
    /// Milliseconds left at `now` (server time); 0 once it has run out.
    pub fn left(&self, now: i64) -> i64 {
        self.paused.unwrap_or(self.ends_at - now).max(0)
    }

    pub fn is_paused(&self) -> bool {
        self.paused.is_some()
    }
}

/// Counters for the next id of each kind; kept in state so replay is deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NextIds {
    pub participant: u32,
    pub problem: u32,
    pub idea: u32,
    pub action: u32,
    #[serde(default)]
    pub comment: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SessionState {
    pub title: String,
    pub departments: Vec<Department>,
    pub settings: Settings,
    pub phase: Phase,
    pub created_at: i64,
    pub participants: BTreeMap<ParticipantId, Participant>,
    pub problems: BTreeMap<ProblemId, Problem>,
    pub ideas: BTreeMap<IdeaId, Idea>,
    /// Dots per participant per idea. On the server: everyone's. In a browser: only
    /// the viewer's own (the rest is counted in `hidden_votes`).
    pub votes: BTreeMap<ParticipantId, BTreeMap<IdeaId, u32>>,
    /// Dots cast by others that this viewer may not see.
    pub hidden_votes: u32,
    /// Votes per idea, published when the facilitator moves from Vote to Plan.
    pub tallies: Option<BTreeMap<IdeaId, u32>>,
    pub actions: BTreeMap<ActionId, ActionItem>,
    pub timer: Option<Timer>,
    /// Dots each participant has spent. On the server and for the facilitator and
    /// the projector: everyone's (who has voted, not for what). For a participant:
    /// their own.
    #[serde(default)]
    pub voters: BTreeMap<ParticipantId, u32>,
    /// Who has a live stream open, as the server saw it last.
    #[serde(default)]
    pub online: BTreeSet<ParticipantId>,
    /// Who said they are done with this phase (cleared at each phase change).
    #[serde(default)]
    pub done: BTreeSet<ParticipantId>,
    pub next: NextIds,
    /// Comments on cards. In a browser, hidden ones only for the facilitator and
    /// their authors.
    #[serde(default)]
    pub comments: BTreeMap<CommentId, Comment>,
    /// Reactions to cards, one entry per card and reaction that has any.
    #[serde(default)]
    pub reactions: Vec<Reactions>,
    /// Whether an "anonymous until Plan" session has shown its names.
    #[serde(default)]
    pub names_revealed: bool,
    /// Merges participants suggested, waiting for the facilitator.
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
    /// How much the session may hold (the server's, not the log's: set when the
    /// session is loaded).
    #[serde(default)]
    pub bounds: Bounds,
    /// How far each department is with this phase, as the server counted it, for a
    /// facilitator or projector that may not know who wrote, supported or voted (an
    /// anonymous session). Never in the log or a snapshot: the live stream sends it.
    #[serde(skip)]
    pub counted: Option<RoomCounts>,
    /// Which links beyond the room work (follow-up, calendar).
    #[serde(default)]
    pub links: Links,
    /// The picked problem the projector shows alone during Plan, if the
    /// facilitator chose one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spotlight: Option<ProblemId>,
    /// The summit this one carried action items over from: the server's only, like
    /// the event that holds it (so a browser does not read it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(skip))]
    #[cfg_attr(
        all(feature = "browser", target_arch = "wasm32"),
        serde(skip_deserializing)
    )]
    pub carried_from: Option<CarriedFrom>,
}

impl SessionState {
    /// Rebuilds a state from the start of a log.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> SessionState {
        let mut state = SessionState::default();
        for event in events {
            state.apply(event);
        }
        state
    }

    /// Folds one event into the state.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::SessionCreated {
                title,
                departments,
                settings,
                at,
                carried,
                carried_from,
            } => {
                self.title = title.clone();
                self.carried_from = carried_from.clone();
                self.departments = departments.clone();
                self.settings = settings.clone();
                self.created_at = *at;
                self.phase = Phase::Lobby;
                for action in carried {
                    self.next.action = self.next.action.max(action.id.0 + 1);
                    self.actions.insert(action.id, action.clone());
                }
            }
            Event::ParticipantJoined { participant } => {
                self.next.participant = self.next.participant.max(participant.id.0 + 1);
                self.participants
                    .insert(participant.id, participant.clone());
            }
            Event::DepartmentRenamed { department, name } => {
                if let Some(d) = self.departments.iter_mut().find(|d| d.id == *department) {
                    d.name = name.clone();
                }
            }
            Event::SettingsChanged { settings } => self.settings = settings.clone(),
            Event::PhaseChanged { phase } => {
                self.phase = *phase;
                // Tallies belong to Plan and after; going back to Vote hides them again.
                if *phase < Phase::Plan {
                    self.tallies = None;
                }
                if !self.timer.as_ref().is_some_and(|t| t.keep) {
                    self.timer = None;
                }
                self.done.clear();
                // The projector's choice belongs to one stay in Plan.
                self.spotlight = None;
            }
            Event::TimerStarted { ends_at, seconds } => {
                self.timer = Some(Timer {
                    ends_at: *ends_at,
                    seconds: *seconds,
                    paused: None,
                    keep: false,
                })
            }
            Event::TimerCleared => self.timer = None,
            Event::TimerPaused { left } => {
                if let Some(t) = &mut self.timer {
                    t.paused = Some(*left);
                }
            }
            Event::TimerResumed { ends_at } => {
                if let Some(t) = &mut self.timer {
                    t.paused = None;
                    t.ends_at = *ends_at;
                }
            }
            Event::TimerExtended { seconds, ends_at } => {
                if let Some(t) = &mut self.timer {
                    t.seconds = t.seconds.saturating_add(*seconds);
                    match &mut t.paused {
                        Some(left) => *left = left.saturating_add(i64::from(*seconds) * 1000),
                        None => t.ends_at = *ends_at,
                    }
                }
            }
            Event::Spotlighted { problem } => self.spotlight = *problem,
            Event::TimerKept { keep } => {
                if let Some(t) = &mut self.timer {
                    t.keep = *keep;
                }
            }
            Event::ReadinessChanged { participant, done } => {
                if *done {
                    self.done.insert(*participant);
                } else {
                    self.done.remove(participant);
                }
            }
            Event::PresenceChanged {
                participant,
                online,
            } => {
                if *online {
                    self.online.insert(*participant);
                } else {
                    self.online.remove(participant);
                }
            }
            Event::ProblemWithdrawn { problem } => {
                if let Some(p) = self.problems.get_mut(problem) {
                    p.withdrawn = true;
                    p.picked = false;
                }
            }
            Event::PickSupportChanged {
                problem,
                participant,
                support,
            } => {
                if let Some(p) = self.problems.get_mut(problem) {
                    p.support.retain(|s| s != participant);
                    if *support {
                        p.support.push(*participant);
                        insertion_sort(&mut p.support, |a, b| a < b);
                    }
                }
            }
            Event::ProblemPicked { problem, picked } => {
                if let Some(p) = self.problems.get_mut(problem) {
                    p.picked = *picked;
                }
            }
            Event::IdeaWithdrawn { idea } => {
                if let Some(i) = self.ideas.get_mut(idea) {
                    i.withdrawn = true;
                }
            }
            Event::VoteCast { participant, idea } => {
                *self
                    .votes
                    .entry(*participant)
                    .or_default()
                    .entry(*idea)
                    .or_default() += 1;
                self.count_dots(*participant, 1);
            }
            Event::VoteRetracted { participant, idea } => {
                if let Some(mine) = self.votes.get_mut(participant) {
                    if let Some(n) = mine.get_mut(idea) {
                        *n = n.saturating_sub(1);
                        if *n == 0 {
                            mine.remove(idea);
                        }
                    }
                    if mine.is_empty() {
                        self.votes.remove(participant);
                    }
                }
                self.count_dots(*participant, -1);
            }
            Event::HiddenVote { delta, by } => {
                self.hidden_votes = self.hidden_votes.saturating_add_signed(*delta);
                if let Some(p) = by {
                    self.count_dots(*p, *delta);
                }
            }
            Event::ProblemHidden { problem, .. } => {
                if let Some(p) = self.problems.get_mut(problem) {
                    p.hidden = true;
                }
            }
            Event::ProblemRestored { problem } | Event::ProblemSubmitted { problem } => {
                self.next.problem = self.next.problem.max(problem.id.0 + 1);
                self.problems.insert(problem.id, problem.clone());
            }
            Event::IdeaHidden { idea, .. } => {
                if let Some(i) = self.ideas.get_mut(idea) {
                    i.hidden = true;
                }
            }
            Event::IdeaRestored { idea } | Event::IdeaSubmitted { idea } => {
                self.next.idea = self.next.idea.max(idea.id.0 + 1);
                self.ideas.insert(idea.id, idea.clone());
            }
            Event::ProblemGone { problem } => {
                self.problems.remove(problem);
            }
            Event::IdeaGone { idea } => {
                self.ideas.remove(idea);
            }
            Event::ProblemMerged { problem, into } => {
                let source = Some(*problem);
                for p in self.problems.values_mut() {
                    if p.merged_into == source {
                        p.merged_into = Some(into.id);
                    }
                }
                if let Some(p) = self.problems.get_mut(problem) {
                    p.merged_into = Some(into.id);
                    p.picked = false;
                }
                for i in self.ideas.values_mut() {
                    if i.problem == *problem {
                        i.problem = into.id;
                    }
                }
                // Action items (from a Plan stepped back from) follow their problem.
                for a in self.actions.values_mut() {
                    if a.problem == Some(*problem) {
                        a.problem = Some(into.id);
                    }
                }
                self.problems.insert(into.id, into.clone());
                self.forget_suggestions(Card::Problem(*problem));
                self.move_comments(Card::Problem(*problem), Card::Problem(into.id));
            }
            Event::IdeaMerged { idea, into } => {
                let source = Some(*idea);
                for i in self.ideas.values_mut() {
                    if i.merged_into == source || i.id == *idea {
                        i.merged_into = Some(*into);
                    }
                }
                self.forget_suggestions(Card::Idea(*idea));
                self.move_comments(Card::Idea(*idea), Card::Idea(*into));
            }
            Event::MergeSuggested { suggestion } => self.suggestions.push(*suggestion),
            Event::NamesRevealed {
                problems,
                ideas,
                comments,
                voters,
                proposers,
            } => {
                for (action, by, _) in proposers {
                    if let Some(p) = self
                        .actions
                        .get_mut(action)
                        .and_then(|a| a.proposal.as_mut())
                    {
                        p.by = Some(*by);
                    }
                }
                self.voters.clear();
                for (who, n) in voters {
                    self.voters.insert(*who, *n);
                }
                for named in problems {
                    if let Some(p) = self.problems.get_mut(&named.id) {
                        p.author = named.author;
                        p.support = named.support.clone();
                        p.hidden_support = named.hidden_support;
                    }
                }
                for named in ideas {
                    if let Some(i) = self.ideas.get_mut(&named.id) {
                        i.author = named.author;
                    }
                }
                for named in comments {
                    if let Some(c) = self.comments.get_mut(&named.id) {
                        c.author = named.author;
                    }
                }
                self.names_revealed = true;
            }
            Event::NamesHidden => {}
            Event::NamesWithdrawn { keep } => {
                if !self.names_revealed {
                    self.unname(*keep);
                }
            }
            Event::CommentAdded { comment } | Event::CommentRestored { comment } => {
                self.next.comment = self.next.comment.max(comment.id.0 + 1);
                self.comments.insert(comment.id, comment.clone());
            }
            Event::CommentHidden { comment, .. } => {
                if let Some(c) = self.comments.get_mut(comment) {
                    c.hidden = true;
                }
            }
            Event::CommentGone { comment } => {
                self.comments.remove(comment);
            }
            Event::ReactionChanged {
                card,
                reaction,
                participant,
                on,
            } => self.count_reaction(*card, *reaction, |r| {
                r.by.retain(|p| p != participant);
                if *on {
                    r.by.push(*participant);
                    insertion_sort(&mut r.by, |a, b| a < b);
                }
            }),
            Event::ReactionCounted {
                card,
                reaction,
                delta,
            } => self.count_reaction(*card, *reaction, |r| {
                r.others = r.others.saturating_add_signed(*delta);
            }),
            Event::SuggestionDismissed { card, into } => {
                self.suggestions
                    .retain(|s| s.card != *card || s.into != *into);
            }
            Event::HiddenSupport { problem, delta } => {
                if let Some(p) = self.problems.get_mut(problem) {
                    p.hidden_support = p.hidden_support.saturating_add_signed(*delta);
                }
            }
            Event::VotesRevealed { tallies } => self.tallies = Some(tallies.clone()),
            Event::ActionCreated { action } | Event::ActionProposed { action } => {
                self.next.action = self.next.action.max(action.id.0 + 1);
                self.actions.insert(action.id, action.clone());
            }
            Event::ActionUpdated { action } => {
                self.actions.insert(action.id, action.clone());
            }
            Event::ActionDeleted { action } => {
                self.actions.remove(action);
            }
            Event::ProgressNoted { action, note } => {
                if let Some(a) = self.actions.get_mut(action) {
                    a.notes.push(note.clone());
                }
            }
            Event::CarriedReviewed {
                action,
                verdict,
                department,
            } => {
                if let Some(a) = self.actions.get_mut(action) {
                    if let Some(c) = &mut a.carried {
                        c.verdict = Some(*verdict);
                        a.department = *department;
                    }
                }
            }
            Event::LinkIssued { link, generation } => self.links.set(*link, Some(*generation)),
            Event::LinkRevoked { link } => self.links.set(*link, None),
            Event::ActionDeclined { action, reason, .. } => {
                if let Some(a) = self.actions.get_mut(action) {
                    a.proposal.get_or_insert_with(Default::default).declined = Some(reason.clone());
                }
            }
            Event::ParticipantMoved {
                participant,
                department,
            } => {
                if let Some(p) = self.participants.get_mut(participant) {
                    p.department = *department;
                }
            }
        }
    }

    /// Whether names are hidden now: an anonymous session that has not shown them.
    pub fn names_hidden(&self) -> bool {
        self.settings.anonymous && !self.names_revealed
    }

    /// Changes the reactions of one kind to one card; an entry no one is counted in
    /// any more goes.
    fn count_reaction(
        &mut self,
        card: Card,
        reaction: Reaction,
        change: impl FnOnce(&mut Reactions),
    ) {
        let at = match self
            .reactions
            .iter()
            .position(|r| r.card == card && r.reaction == reaction)
        {
            Some(at) => at,
            None => {
                self.reactions.push(Reactions {
                    card,
                    reaction,
                    by: Vec::new(),
                    others: 0,
                });
                self.reactions.len() - 1
            }
        };
        if let Some(r) = self.reactions.get_mut(at) {
            change(r);
            if r.count() == 0 {
                self.reactions.remove(at);
            }
        }
    }

    /// A merged card's comments go with it.
    fn move_comments(&mut self, from: Card, to: Card) {
        for c in self.comments.values_mut().filter(|c| c.card == from) {
            c.card = to;
        }
    }

    /// Comments on a card, hidden ones aside, in the order written.
    pub fn comments_on(&self, card: Card) -> impl Iterator<Item = &Comment> {
        self.comments
            .values()
            .filter(move |c| c.card == card && !c.hidden)
    }

    /// Comments the facilitator hid (only the facilitator's state holds them all).
    pub fn hidden_comments(&self) -> impl Iterator<Item = &Comment> {
        self.comments.values().filter(|c| c.hidden)
    }

    /// Comments `participant` may still add: their share (hidden ones count, as they
    /// may come back), or what the session has left if that is less.
    pub fn comments_left(&self, participant: ParticipantId) -> u32 {
        let mine = self
            .comments
            .values()
            .filter(|c| c.author == Some(participant))
            .count();
        left(crate::limits::COMMENTS_PER_PARTICIPANT, mine).min(self.session_comments_left())
    }

    /// Comments the session may still take, counted by the id counter (every viewer
    /// has it; a viewer's map lacks comments hidden from them).
    pub fn session_comments_left(&self) -> u32 {
        let made = usize::try_from(self.next.comment.saturating_sub(1)).unwrap_or(usize::MAX);
        left(crate::limits::COMMENTS_PER_SESSION, made)
    }

    /// How many reacted to `card` with `reaction`.
    pub fn reactions_to(&self, card: Card, reaction: Reaction) -> u32 {
        self.reactions
            .iter()
            .find(|r| r.card == card && r.reaction == reaction)
            .map_or(0, Reactions::count)
    }

    /// Whether `participant` reacted to `card` with `reaction`.
    pub fn has_reacted(&self, participant: ParticipantId, card: Card, reaction: Reaction) -> bool {
        self.reactions
            .iter()
            .any(|r| r.card == card && r.reaction == reaction && r.by.contains(&participant))
    }

    /// Suggestions about a card that was merged are answered.
    fn forget_suggestions(&mut self, merged: Card) {
        self.suggestions
            .retain(|s| s.card != merged && s.into != merged);
    }

    /// The merge that merging `card` into `into` is, if both are there: for
    /// problems, the target carries the support of both (each person once) and is
    /// picked if either was.
    pub fn merge(&self, card: Card, into: Card) -> Option<Event> {
        match (card, into) {
            (Card::Problem(a), Card::Problem(b)) => {
                let (pa, pb) = (self.problems.get(&a)?, self.problems.get(&b)?);
                let mut target = pb.clone();
                for s in &pa.support {
                    if !target.support.contains(s) {
                        target.support.push(*s);
                    }
                }
                insertion_sort(&mut target.support, |x, y| x < y);
                target.picked |= pa.picked;
                Some(Event::ProblemMerged {
                    problem: a,
                    into: target,
                })
            }
            (Card::Idea(a), Card::Idea(b)) => Some(Event::IdeaMerged { idea: a, into: b }),
            _ => None,
        }
    }

    /// Whether `participant` suggested that `card` is the same as `into`.
    pub fn has_suggested(&self, participant: ParticipantId, card: Card, into: Card) -> bool {
        self.suggestions
            .iter()
            .any(|s| s.card == card && s.into == into && s.by == Some(participant))
    }

    /// Whether a card is on the board (neither withdrawn, hidden nor merged).
    pub fn is_live(&self, card: Card) -> bool {
        match card {
            Card::Problem(p) => self.live_problem(p).is_ok(),
            Card::Idea(i) => self.live_idea(i).is_ok(),
        }
    }

    /// A card's words, whatever its state (a hidden comment's card may be hidden too).
    pub fn card_text(&self, card: Card) -> Option<&str> {
        match card {
            Card::Problem(p) => self.problems.get(&p).map(|p| p.text.as_str()),
            Card::Idea(i) => self.ideas.get(&i).map(|i| i.text.as_str()),
        }
    }

    /// Suggested merges of cards still on the board, each once with how many
    /// suggested it, in the order first suggested: the facilitator's list.
    pub fn suggested_merges(&self) -> Vec<(Card, Card, u32)> {
        let mut merges: Vec<(Card, Card, u32)> = Vec::new();
        for s in &self.suggestions {
            if !self.is_live(s.card) || !self.is_live(s.into) {
                continue;
            }
            match merges
                .iter_mut()
                .find(|(c, i, _)| *c == s.card && *i == s.into)
            {
                Some((_, _, n)) => *n += 1,
                None => merges.push((s.card, s.into, 1)),
            }
        }
        merges
    }

    /// The cards `card` could be merged into (or said to be the same as): the other
    /// live problems of its department, or the other live ideas for its problem.
    pub fn merge_candidates(&self, card: Card) -> Vec<Card> {
        match card {
            Card::Problem(id) => self.problems.get(&id).map_or_else(Vec::new, |p| {
                self.problems_of(p.department)
                    .filter(|o| o.id != id)
                    .map(|o| Card::Problem(o.id))
                    .collect()
            }),
            Card::Idea(id) => self.ideas.get(&id).map_or_else(Vec::new, |i| {
                self.ideas_for(i.problem)
                    .filter(|o| o.id != id)
                    .map(|o| Card::Idea(o.id))
                    .collect()
            }),
        }
    }

    /// Likely duplicates among the cards on the board, by the likeness of their
    /// text ([`crate::similarity`]): problems of one department (in Problems and
    /// Pick) or ideas for one problem (in Ideas), as (duplicate, original, likeness
    /// in per mille), most alike first. Pairs someone may not merge now are left out.
    pub fn possible_duplicates(&self) -> Vec<(Card, Card, u32)> {
        let cards: Vec<(u32, Card, &str)> = match self.phase {
            Phase::Problems | Phase::Pick => self
                .live_problems()
                .map(|p| (p.department.0, Card::Problem(p.id), p.text.as_str()))
                .collect(),
            Phase::Ideas => self
                .live_ideas()
                .map(|i| (i.problem.0, Card::Idea(i.id), i.text.as_str()))
                .collect(),
            _ => Vec::new(),
        };
        let texts: Vec<(u32, &str)> = cards.iter().map(|(g, _, t)| (*g, *t)).collect();
        crate::similarity::likely_duplicates(&texts)
            .into_iter()
            // The later card is the duplicate of the earlier one.
            .map(|(a, b, score)| (cards[b].1, cards[a].1, score))
            .filter(|(card, into, _)| self.mergeable(*card, *into).is_ok())
            .collect()
    }

    /// Problems merged into `problem` (withdrawn ones aside), in submission order.
    pub fn problems_merged_into(&self, problem: ProblemId) -> impl Iterator<Item = &Problem> {
        self.problems
            .values()
            .filter(move |p| p.merged_into == Some(problem) && !p.withdrawn)
    }

    /// Ideas merged into `idea` (withdrawn ones aside), in submission order.
    pub fn ideas_merged_into(&self, idea: IdeaId) -> impl Iterator<Item = &Idea> {
        self.ideas
            .values()
            .filter(move |i| i.merged_into == Some(idea) && !i.withdrawn)
    }

    fn count_dots(&mut self, participant: ParticipantId, delta: i32) {
        let n = self.voters.entry(participant).or_default();
        *n = n.saturating_add_signed(delta);
        if *n == 0 {
            self.voters.remove(&participant);
        }
    }

    pub fn department(&self, id: DepartmentId) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    pub fn department_name(&self, id: DepartmentId) -> &str {
        self.department(id).map_or("?", |d| d.name.as_str())
    }

    /// A problem's words ("" for an unknown id).
    pub fn problem_text(&self, id: ProblemId) -> &str {
        self.problems.get(&id).map_or("", |p| p.text.as_str())
    }

    /// The name of the department a problem belongs to ("" for an unknown problem).
    pub fn problem_department_name(&self, id: ProblemId) -> &str {
        self.problems
            .get(&id)
            .map_or("", |p| self.department_name(p.department))
    }

    /// Dots a participant has spent, over all ideas.
    pub fn votes_used(&self, participant: ParticipantId) -> u32 {
        self.votes.get(&participant).map_or(0, |m| m.values().sum())
    }

    /// Problems `participant` may still add: their own share (those not withdrawn
    /// count, hidden ones too, since they may come back), or the session's room for
    /// cards if that is less.
    pub fn problems_left(&self, participant: ParticipantId) -> u32 {
        let mine = self
            .problems
            .values()
            .filter(|p| !p.withdrawn && p.author == Some(participant))
            .count();
        left(self.bounds.problems_per_participant, mine).min(self.cards_left())
    }

    /// Ideas `participant` may still add: their own share (live ones count), or
    /// the session's room for cards if that is less.
    pub fn ideas_left(&self, participant: ParticipantId) -> u32 {
        let mine = self
            .ideas
            .values()
            .filter(|i| !i.withdrawn && i.author == Some(participant))
            .count();
        left(self.bounds.ideas_per_participant, mine).min(self.cards_left())
    }

    /// Problems and ideas the session may still take, withdrawn and hidden ones
    /// counted. Counted by the id counters (ids run from 1 without gaps), which every
    /// viewer has, since a viewer's maps lack the cards hidden from them.
    pub fn cards_left(&self) -> u32 {
        let made = |next: u32| usize::try_from(next.saturating_sub(1)).unwrap_or(usize::MAX);
        left(
            self.bounds.cards,
            made(self.next.problem).saturating_add(made(self.next.idea)),
        )
    }

    /// Dots a participant may still spend.
    pub fn votes_left(&self, participant: ParticipantId) -> u32 {
        self.settings
            .vote_budget
            .saturating_sub(self.votes_used(participant))
    }

    /// Dots a participant has on one idea.
    pub fn votes_on(&self, participant: ParticipantId, idea: IdeaId) -> u32 {
        self.votes
            .get(&participant)
            .and_then(|m| m.get(&idea))
            .copied()
            .unwrap_or(0)
    }

    /// All dots cast so far, whoever cast them (visible or not to this viewer).
    pub fn total_votes(&self) -> u32 {
        self.votes.values().flat_map(|m| m.values()).sum::<u32>() + self.hidden_votes
    }

    /// Votes per idea, computed from the full vote map (server side).
    pub fn compute_tallies(&self) -> BTreeMap<IdeaId, u32> {
        let mut tallies: BTreeMap<IdeaId, u32> = BTreeMap::new();
        for mine in self.votes.values() {
            for (idea, n) in mine {
                *tallies.entry(*idea).or_default() += n;
            }
        }
        tallies
    }

    /// Picked problems that are still standing.
    pub fn picked_problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems.values().filter(|p| p.picked && !p.withdrawn)
    }

    /// Picked problems grouped by department, in the departments' order (then in
    /// submission order): how every board after Pick lists them.
    pub fn picked_by_department(&self) -> Vec<ProblemId> {
        let mut picked: Vec<(usize, ProblemId)> = self
            .picked_problems()
            .map(|p| (self.department_index(p.department), p.id))
            .collect();
        insertion_sort(&mut picked, |a, b| a < b);
        picked.into_iter().map(|(_, id)| id).collect()
    }

    /// Departments that brought problems and have none picked yet: the ones the
    /// room still waits for in Pick.
    pub fn still_choosing(&self) -> Vec<DepartmentId> {
        self.departments
            .iter()
            .map(|d| d.id)
            .filter(|d| {
                self.problems_of(*d).next().is_some() && self.problems_of(*d).all(|p| !p.picked)
            })
            .collect()
    }

    /// Live (not withdrawn) problems, in submission order.
    pub fn live_problems(&self) -> impl DoubleEndedIterator<Item = &Problem> {
        self.problems
            .values()
            .filter(|p| !p.withdrawn && !p.hidden && p.merged_into.is_none())
    }

    /// Problems the facilitator hid (only the facilitator's state holds them), in
    /// submission order.
    pub fn hidden_problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .values()
            .filter(|p| !p.withdrawn && p.hidden && p.merged_into.is_none())
    }

    /// Ideas the facilitator hid, in submission order.
    pub fn hidden_ideas(&self) -> impl Iterator<Item = &Idea> {
        self.ideas
            .values()
            .filter(|i| !i.withdrawn && i.hidden && i.merged_into.is_none())
    }

    /// Whether this summit carried action items over from an earlier one (and so
    /// has a Review phase).
    pub fn has_review(&self) -> bool {
        self.actions.values().any(|a| a.carried.is_some())
    }

    /// The items carried over from an earlier summit, in the order they came.
    pub fn carried_actions(&self) -> impl Iterator<Item = &ActionItem> {
        self.actions.values().filter(|a| a.carried.is_some())
    }

    /// The phases this summit goes through: every one, but Review only when items
    /// were carried over.
    pub fn phases(&self) -> impl DoubleEndedIterator<Item = Phase> + '_ {
        Phase::ALL
            .into_iter()
            .filter(|p| *p != Phase::Review || self.has_review())
    }

    /// The phase after the current one, if any.
    pub fn next_phase(&self) -> Option<Phase> {
        self.phases().find(|p| *p > self.phase)
    }

    /// The phase before the current one, if any.
    pub fn previous_phase(&self) -> Option<Phase> {
        self.phases().rfind(|p| *p < self.phase)
    }

    /// The words of the problem an action item answers: this summit's problem, or
    /// the earlier summit's for an item carried over.
    pub fn action_problem<'a>(&'a self, action: &'a ActionItem) -> Option<&'a str> {
        match (&action.carried, action.problem) {
            (Some(c), _) => Some(c.problem.as_str()),
            (None, Some(p)) => self.problems.get(&p).map(|p| p.text.as_str()),
            (None, None) => None,
        }
    }

    /// The words of the idea an action item came from, if any (carried over too).
    pub fn action_idea<'a>(&'a self, action: &'a ActionItem) -> Option<&'a str> {
        match (&action.carried, action.idea) {
            (Some(c), _) => c.idea.as_deref(),
            (None, Some(i)) => self.ideas.get(&i).map(|i| i.text.as_str()),
            (None, None) => None,
        }
    }

    /// This summit's open agreed action items as the next summit carries them over,
    /// numbered from 1: each keeps its title, owner, due date, status, its latest
    /// progress notes ([`limits::NOTES_CARRIED`]) and the words of its problem and
    /// idea, unless the facilitator hid them (what was moderated away stays here);
    /// it goes to the next summit's department of the same name (else its first,
    /// which the facilitator can change in Review).
    pub fn carry_over(&self, departments: &[Department]) -> Vec<ActionItem> {
        let first = departments.first().map_or(DepartmentId(1), |d| d.id);
        let problem_of = |a: &ActionItem| match &a.carried {
            Some(c) => c.problem.clone(),
            None => a
                .problem
                .and_then(|p| self.problems.get(&p))
                .filter(|p| !p.hidden && !p.withdrawn)
                .map(|p| p.text.clone())
                .unwrap_or_default(),
        };
        let idea_of = |a: &ActionItem| match &a.carried {
            Some(c) => c.idea.clone(),
            None => a
                .idea
                .and_then(|i| self.ideas.get(&i))
                .filter(|i| !i.hidden && !i.withdrawn)
                .map(|i| i.text.clone()),
        };
        self.agreed_actions()
            .filter(|a| a.status != ActionStatus::Done)
            .zip(1..)
            .map(|(a, n)| {
                let name = self.department_name(a.department);
                let key = limits::comparison_key(name);
                let department = departments
                    .iter()
                    .find(|d| limits::comparison_key(&d.name) == key)
                    .map_or(first, |d| d.id);
                let skip = a.notes.len().saturating_sub(limits::NOTES_CARRIED);
                ActionItem {
                    id: ActionId(n),
                    title: a.title.clone(),
                    problem: None,
                    idea: None,
                    owner: a.owner.clone(),
                    department,
                    due: a.due,
                    status: a.status,
                    proposal: None,
                    notes: a.notes[skip..].to_vec(),
                    carried: Some(Carried {
                        origin: Some(a.id),
                        from: self.title.clone(),
                        problem: problem_of(a),
                        idea: idea_of(a),
                        department: name.to_owned(),
                        verdict: None,
                    }),
                }
            })
            .collect()
    }

    /// What the earlier summit records when this summit's room decides about `id`,
    /// an item carried over from it: a note (`note`: what is reported and this
    /// summit's title, in the earlier summit's language) for each decision, and the
    /// item done there when the verdict is done. A later other verdict undoes that
    /// "done" (back to the status the item came over with); a "done" its leads had
    /// set themselves, and any other status they set, stays (a done verdict on such
    /// an item is noted as [`ReviewReport::Confirmed`]). The notes say which "done"
    /// was reported, so the item hears nothing
    /// more once it cannot take a note: its notes full, or
    /// [`limits::NOTES_FROM_REVIEW`] decisions reported. Each command is one a lead
    /// may give there (`decide` checks it again). Nothing either for an item
    /// undecided, not carried over or gone from the earlier summit's follow-up, or
    /// once the follow-up link that carried the items over is renewed or revoked.
    pub fn report_to_earlier(
        &self,
        id: ActionId,
        earlier: &SessionState,
        note: impl Fn(ReviewReport, &str) -> String,
    ) -> Vec<Command> {
        let Some(from) = &self.carried_from else {
            return Vec::new();
        };
        if from
            .link
            .is_some_and(|g| earlier.links.generation(LinkKind::FollowUp) != Some(g))
        {
            return Vec::new();
        }
        let Some(item) = self.actions.get(&id) else {
            return Vec::new();
        };
        let Some((origin, verdict)) = item
            .carried
            .as_ref()
            .and_then(|c| Some((c.origin?, c.verdict?)))
        else {
            return Vec::new();
        };
        let Ok(there) = earlier.may_set_status(Actor::Lead, origin) else {
            return Vec::new();
        };
        let said = |r: ReviewReport| note(r, &self.title);
        let report = match verdict {
            Verdict::Done if there.status == ActionStatus::Done => ReviewReport::Confirmed,
            Verdict::Done => ReviewReport::Done,
            Verdict::Continue => ReviewReport::Continue,
            Verdict::Drop => ReviewReport::Drop,
        };
        let (done, text) = (said(ReviewReport::Done), said(report));
        let texts = ReviewReport::ALL.map(said);
        let ours: Vec<&str> = there
            .notes
            .iter()
            .map(|n| n.text.as_str())
            .filter(|t| texts.iter().any(|x| x == t))
            .collect();
        let last = ours.last().copied();
        // Nothing new: the same again, or a done the earlier summit already heard.
        if last == Some(text.as_str())
            || (report == ReviewReport::Confirmed && last == Some(done.as_str()))
        {
            return Vec::new();
        }
        let full = ours.len() >= limits::NOTES_FROM_REVIEW;
        if full || earlier.may_add_note(Actor::Lead, origin).is_err() {
            return Vec::new();
        }
        let status = match verdict {
            Verdict::Done => ActionStatus::Done,
            // An undecided or done item is not edited here: its status is still the
            // one it came over with.
            _ if there.status == ActionStatus::Done && last == Some(done.as_str()) => item.status,
            _ => there.status,
        };
        let mut commands = Vec::new();
        if there.status != status {
            commands.push(Command::SetActionStatus { id: origin, status });
        }
        commands.push(Command::AddNote { id: origin, text });
        commands
    }

    /// The action items that take room in this summit: all but those carried over
    /// and left behind (undecided, done or dropped in Review).
    pub fn actions_in_room(&self) -> usize {
        self.actions
            .values()
            .filter(|a| a.carried.is_none() || a.is_agreed())
            .count()
    }

    /// The action items that leave the room: the facilitator's own and approved
    /// proposals, in id order.
    pub fn agreed_actions(&self) -> impl Iterator<Item = &ActionItem> {
        self.actions.values().filter(|a| a.is_agreed())
    }

    /// Whether an agreed action item already came from `idea`.
    pub fn has_action(&self, idea: IdeaId) -> bool {
        self.agreed_actions().any(|a| a.idea == Some(idea))
    }

    /// Whether `idea` is already taken up: an agreed item or a proposal waiting
    /// for the facilitator comes from it, so a further one is "another".
    pub fn idea_taken_up(&self, idea: IdeaId) -> bool {
        self.actions
            .values()
            .any(|a| a.idea == Some(idea) && (a.is_agreed() || a.is_pending()))
    }

    /// Proposals from `idea` waiting for the facilitator's approval.
    pub fn proposals_waiting_on(&self, idea: IdeaId) -> usize {
        self.actions
            .values()
            .filter(|a| a.idea == Some(idea) && a.is_pending())
            .count()
    }

    /// The agreed action items in the order a lead works through them: overdue
    /// ones first, then the rest not done, each by due date, and the done ones
    /// last (`today` is the reader's).
    pub fn follow_up_order(&self, today: Date) -> Vec<ActionId> {
        let rank = |a: &ActionItem| match (a.is_overdue(today), a.status) {
            (true, _) => 0,
            (false, ActionStatus::Done) => 2,
            (false, _) => 1,
        };
        let mut items: Vec<&ActionItem> = self.agreed_actions().collect();
        insertion_sort(&mut items, |a, b| (rank(a), a.due) < (rank(b), b.due));
        items.into_iter().map(|a| a.id).collect()
    }

    /// How the agreed action items stand: open, in progress, done, and of those
    /// not done, overdue (`today` is the reader's).
    pub fn follow_up_counts(&self, today: Date) -> FollowUpCounts {
        let mut counts = FollowUpCounts::default();
        for a in self.agreed_actions() {
            match a.status {
                ActionStatus::Open => counts.open += 1,
                ActionStatus::InProgress => counts.in_progress += 1,
                ActionStatus::Done => counts.done += 1,
            }
            if a.is_overdue(today) {
                counts.overdue += 1;
            }
        }
        counts
    }

    /// Action items participants proposed that wait for the facilitator.
    pub fn proposals_to_review(&self) -> u32 {
        let waiting = self.actions.values().filter(|a| a.is_pending());
        u32::try_from(waiting.count()).unwrap_or(u32::MAX)
    }

    /// Action items `participant` proposed that wait for the facilitator.
    pub fn proposals_waiting(&self, participant: ParticipantId) -> u32 {
        let mine = self
            .actions
            .values()
            .filter(|a| a.is_pending() && a.proposer() == Some(participant));
        u32::try_from(mine.count()).unwrap_or(u32::MAX)
    }

    /// The words of what the facilitator hid of `author`'s (problems, ideas, then
    /// comments): what their own page tells them others no longer see.
    pub fn hidden_of(&self, author: ParticipantId) -> impl Iterator<Item = &str> {
        let me = Some(author);
        self.hidden_problems()
            .filter(move |p| p.author == me)
            .map(|p| p.text.as_str())
            .chain(
                self.hidden_ideas()
                    .filter(move |i| i.author == me)
                    .map(|i| i.text.as_str()),
            )
            .chain(
                self.hidden_comments()
                    .filter(move |c| c.author == me)
                    .map(|c| c.text.as_str()),
            )
    }

    /// A participant's dots on ideas no longer in view (hidden or withdrawn): theirs
    /// to take back.
    pub fn stranded_votes(&self, participant: ParticipantId) -> Vec<(IdeaId, u32)> {
        self.votes_where(participant, false)
    }

    /// A participant's dots on ideas still on the board, with how many, in the
    /// ideas' order: their "my votes" (the others are [`Self::stranded_votes`]).
    pub fn placed_votes(&self, participant: ParticipantId) -> Vec<(IdeaId, u32)> {
        self.votes_where(participant, true)
    }

    /// A participant's dots on ideas on the board (`shown`) or no longer on it.
    fn votes_where(&self, participant: ParticipantId, shown: bool) -> Vec<(IdeaId, u32)> {
        self.votes.get(&participant).map_or_else(Vec::new, |mine| {
            mine.iter()
                .filter(|(idea, _)| {
                    self.ideas
                        .get(idea)
                        .is_some_and(|i| !i.withdrawn && !i.hidden)
                        == shown
                })
                .map(|(idea, n)| (*idea, *n))
                .collect()
        })
    }

    /// Live (not withdrawn) ideas, in submission order.
    pub fn live_ideas(&self) -> impl DoubleEndedIterator<Item = &Idea> {
        self.ideas
            .values()
            .filter(|i| !i.withdrawn && !i.hidden && i.merged_into.is_none())
    }

    /// Live (not withdrawn) problems of one department, in submission order.
    pub fn problems_of(&self, department: DepartmentId) -> impl Iterator<Item = &Problem> {
        self.live_problems()
            .filter(move |p| p.department == department)
    }

    /// Live problems of one department that were not picked, in submission order: the
    /// summary lists them after the picked ones' results, so no problem is told twice.
    pub fn problems_not_picked(&self, department: DepartmentId) -> impl Iterator<Item = &Problem> {
        self.problems_of(department).filter(|p| !p.picked)
    }

    /// Live problems of one department, most supported first (ties in submission
    /// order): the order the facilitator picks in.
    pub fn problems_by_support(&self, department: DepartmentId) -> Vec<ProblemId> {
        let mut problems: Vec<(u32, ProblemId)> = self
            .problems_of(department)
            .map(|p| (p.support_count(), p.id))
            .collect();
        insertion_sort(&mut problems, |a, b| (b.0, a.1) < (a.0, b.1));
        problems.into_iter().map(|(_, id)| id).collect()
    }

    /// Live (not withdrawn) ideas for one problem, in submission order.
    pub fn ideas_for(&self, problem: ProblemId) -> impl Iterator<Item = &Idea> {
        self.live_ideas().filter(move |i| i.problem == problem)
    }

    /// The departments in their order, with `first` (the viewer's own, where they
    /// act) moved to the front.
    pub fn departments_with_first(&self, first: Option<DepartmentId>) -> Vec<DepartmentId> {
        let mut ids: Vec<DepartmentId> = self.departments.iter().map(|d| d.id).collect();
        insertion_sort(&mut ids, |a, b| Some(*a) == first && Some(*b) != first);
        ids
    }

    /// This summit's action items (proposals included; of the items carried over,
    /// those it continues) by due date (then by id), those owned by `first` (the
    /// viewer's department) ahead of the rest, and declined proposals last: they
    /// are a record, not work.
    pub fn actions_with_first(&self, first: Option<DepartmentId>) -> Vec<ActionId> {
        self.ordered(self.actions.values().filter(|a| listed(a)), first)
    }

    /// How many items [`SessionState::actions_with_first`] lists that are not
    /// declined: the number an action list is headed with.
    pub fn actions_counted(&self) -> usize {
        self.actions
            .values()
            .filter(|a| listed(a) && !a.is_declined())
            .count()
    }

    /// [`SessionState::actions_with_first`] of the agreed items only: what leaves
    /// the room (the summary, the projector's closing list).
    pub fn agreed_with_first(&self, first: Option<DepartmentId>) -> Vec<ActionId> {
        self.ordered(self.agreed_actions(), first)
    }

    fn ordered<'a>(
        &self,
        actions: impl Iterator<Item = &'a ActionItem>,
        first: Option<DepartmentId>,
    ) -> Vec<ActionId> {
        // Declined proposals sort last (agreed items never are declined).
        let mut items: Vec<(bool, bool, Date, ActionId)> = actions
            .map(|a| (a.is_declined(), Some(a.department) != first, a.due, a.id))
            .collect();
        insertion_sort(&mut items, |a, b| a < b);
        items.into_iter().map(|(_, _, _, id)| id).collect()
    }

    fn department_index(&self, id: DepartmentId) -> usize {
        self.departments
            .iter()
            .position(|d| d.id == id)
            .unwrap_or(usize::MAX)
    }

    /// Live (not withdrawn) ideas for one problem, best first once tallies are
    /// revealed (ties keep submission order), with their tally.
    pub fn ranked_ideas(&self, problem: ProblemId) -> Vec<(&Idea, Option<u32>)> {
        let mut ideas: Vec<(&Idea, Option<u32>)> = self
            .ideas_for(problem)
            .map(|i| {
                let tally = self
                    .tallies
                    .as_ref()
                    .map(|t| t.get(&i.id).copied().unwrap_or(0));
                (i, tally)
            })
            .collect();
        insertion_sort(&mut ideas, |a, b| (b.1, a.0.id) < (a.1, b.0.id));
        ideas
    }

    /// [`Self::ranked_ideas`] with each idea's place: ideas with the same tally share
    /// the place of the first of them ("1, 1, 3"), so a tie never reads as a win;
    /// before the reveal each idea has a place of its own.
    pub fn placed_ideas(&self, problem: ProblemId) -> Vec<Placed<'_>> {
        let mut placed: Vec<Placed<'_>> = Vec::new();
        for (i, (idea, tally)) in self.ranked_ideas(problem).into_iter().enumerate() {
            let place = match placed.last() {
                Some(before) if tally.is_some() && before.tally == tally => before.place,
                _ => i + 1,
            };
            placed.push(Placed { place, idea, tally });
        }
        placed
    }

    /// How many of [`Self::placed_ideas`] a ranking shows while folded to its top
    /// `n`: those `n`, and every idea after them with the same place, so a tie
    /// with votes is never cut in two. All of them before the reveal, when there
    /// is no ranking yet.
    pub fn top_cut(&self, problem: ProblemId, n: usize) -> usize {
        let placed = self.placed_ideas(problem);
        let last = n.checked_sub(1).and_then(|i| placed.get(i));
        let Some(last) = last.filter(|p| p.tally.is_some()) else {
            return placed.len();
        };
        let tied = placed[n..]
            .iter()
            .take_while(|p| p.tally.is_some_and(|t| t > 0) && p.place == last.place)
            .count();
        n + tied
    }

    /// The ideas holding a problem's most votes once they are revealed: one, or
    /// several when they tie; none before the reveal or while no idea has a vote.
    pub fn leaders(&self, problem: ProblemId) -> Vec<Placed<'_>> {
        self.placed_ideas(problem)
            .into_iter()
            .take_while(Placed::leads)
            .collect()
    }

    /// Which departments brought ideas for which departments' problems: the
    /// summit's own measure of working across departments. Counts live ideas;
    /// winners (each picked problem's best idea, once tallies are revealed and it
    /// has a vote) are counted apart, with how many came from another department.
    pub fn idea_flow(&self) -> IdeaFlow {
        let departments: Vec<DepartmentId> = self.departments.iter().map(|d| d.id).collect();
        let n = departments.len();
        let mut counts = vec![0u32; n * n];
        let index = |d: DepartmentId| departments.iter().position(|x| *x == d);
        for idea in self.live_ideas() {
            let to = self.problems.get(&idea.problem).map(|p| p.department);
            if let (Some(from), Some(to)) = (index(idea.department), to.and_then(index)) {
                counts[from * n + to] += 1;
            }
        }
        let mut flow = IdeaFlow {
            departments,
            counts,
            winners: 0,
            winners_across: 0,
        };
        if self.tallies.is_some() {
            for problem in self.picked_problems() {
                let best = self.ranked_ideas(problem.id).into_iter().next();
                if let Some((idea, Some(tally))) = best {
                    if tally > 0 {
                        flow.winners += 1;
                        flow.winners_across += u32::from(idea.department != problem.department);
                    }
                }
            }
        }
        flow
    }

    /// Cards each department wrote (problems, ideas), live ones, in the departments'
    /// order: how much each took part.
    pub fn cards_by_department(&self) -> Vec<(DepartmentId, u32, u32)> {
        self.departments
            .iter()
            .map(|d| {
                let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                let problems = count(self.problems_of(d.id).count());
                let ideas = count(self.live_ideas().filter(|i| i.department == d.id).count());
                (d.id, problems, ideas)
            })
            .collect()
    }

    /// Every dot the session's participants have together: the budget each.
    pub fn dots_available(&self) -> u32 {
        let people = u32::try_from(self.participants.len()).unwrap_or(u32::MAX);
        self.settings.vote_budget.saturating_mul(people)
    }

    /// The `n` newest live problems, newest first.
    pub fn newest_problems(&self, n: usize) -> Vec<ProblemId> {
        self.live_problems().rev().take(n).map(|p| p.id).collect()
    }

    /// The `n` newest live ideas, newest first.
    pub fn newest_ideas(&self, n: usize) -> Vec<IdeaId> {
        self.live_ideas().rev().take(n).map(|i| i.id).collect()
    }

    /// Live ideas that came from one department.
    pub fn ideas_from(&self, department: DepartmentId) -> impl Iterator<Item = &Idea> {
        self.live_ideas()
            .filter(move |i| i.department == department)
    }

    /// Everyone who joined, by name as written (ties in joining order): the list
    /// the facilitator picks a person from.
    pub fn participants_by_name(&self) -> Vec<ParticipantId> {
        let mut people: Vec<(&str, ParticipantId)> = self
            .participants
            .values()
            .map(|p| (p.name.as_str(), p.id))
            .collect();
        insertion_sort(&mut people, |a, b| a < b);
        people.into_iter().map(|(_, id)| id).collect()
    }

    /// Participants of one department, in joining order.
    pub fn members(&self, department: DepartmentId) -> impl Iterator<Item = &Participant> {
        self.participants
            .values()
            .filter(move |p| p.department == department)
    }

    /// Whether anonymity is weak in `department`: the session is anonymous and the
    /// department has members, but fewer than [`limits::ANONYMITY_MIN_MEMBERS`].
    pub fn anonymity_is_weak(&self, department: DepartmentId) -> bool {
        let members = self.members(department).count();
        self.names_hidden() && (1..crate::limits::ANONYMITY_MIN_MEMBERS).contains(&members)
    }

    pub fn is_online(&self, participant: ParticipantId) -> bool {
        self.online.contains(&participant)
    }

    pub fn is_done(&self, participant: ParticipantId) -> bool {
        self.done.contains(&participant)
    }

    /// Whether `participant` has done this phase's work yet: written a problem (in
    /// Problems), supported one (Pick), written an idea (Ideas), cast a dot (Vote).
    /// Authors are hidden in an anonymous session, so there it is only known of the
    /// viewer themself; phases without participant work count everyone as acted.
    pub fn has_acted(&self, participant: ParticipantId) -> bool {
        let me = Some(participant);
        match self.phase {
            Phase::Problems => self.live_problems().any(|p| p.author == me),
            Phase::Pick => self
                .live_problems()
                .any(|p| p.support.contains(&participant)),
            Phase::Ideas => self.live_ideas().any(|i| i.author == me),
            Phase::Vote => self.voters.contains_key(&participant),
            Phase::Lobby | Phase::Review | Phase::Plan | Phase::Closed => true,
        }
    }

    /// Who in `department` is in the room and how far they are with this phase
    /// (where the state knows who did what: see [`SessionState::room_progress`]).
    pub fn readiness(&self, department: Option<DepartmentId>) -> Readiness {
        let mut r = Readiness::default();
        for p in self
            .participants
            .values()
            .filter(|p| department.is_none_or(|d| p.department == d))
        {
            r.joined += 1;
            if self.is_online(p.id) {
                r.online += 1;
                r.done += u32::from(self.is_done(p.id));
                r.acted += u32::from(self.has_acted(p.id));
            }
        }
        r
    }

    /// Everyone who has done this phase's work: [`SessionState::has_acted`] for all
    /// at once, in one pass over the cards.
    fn acting(&self) -> BTreeSet<ParticipantId> {
        match self.phase {
            Phase::Problems => self.live_problems().filter_map(|p| p.author).collect(),
            Phase::Pick => self
                .live_problems()
                .flat_map(|p| p.support.iter().copied())
                .collect(),
            Phase::Ideas => self.live_ideas().filter_map(|i| i.author).collect(),
            Phase::Vote => self.voters.keys().copied().collect(),
            Phase::Lobby | Phase::Review | Phase::Plan | Phase::Closed => {
                self.participants.keys().copied().collect()
            }
        }
    }

    /// How many of everyone who joined have done this phase's work, counted where
    /// everyone's identity is known (the server) for viewers who may not know it.
    /// One number for the whole room: per department, or of those online, or of
    /// those not done, a count would move when a named fact moves (someone
    /// changing department, going offline, saying they are done) and tell who acted.
    pub fn room_counts(&self) -> RoomCounts {
        let acting = self.acting();
        let acted = self
            .participants
            .keys()
            .filter(|p| acting.contains(p))
            .count();
        RoomCounts {
            phase: self.phase,
            acted: u32::try_from(acted).unwrap_or(u32::MAX),
        }
    }

    /// How many of everyone who joined have done this phase's work, and how many
    /// joined: worked out where names are known, else the server's
    /// [`RoomCounts`] for this phase; `None` until those have arrived.
    pub fn room_progress(&self) -> Option<RoomProgress> {
        let joined = u32::try_from(self.participants.len()).unwrap_or(u32::MAX);
        let acted = if self.names_hidden() {
            self.counted
                .as_ref()
                .filter(|c| c.phase == self.phase)?
                .acted
        } else {
            let acted = self.participants.keys().filter(|p| self.has_acted(**p));
            u32::try_from(acted.count()).unwrap_or(u32::MAX)
        };
        Some(RoomProgress {
            acted: acted.min(joined),
            joined,
        })
    }

    /// Members of `department` who have neither done this phase's work nor said they
    /// are done, in joining order: whom the facilitator may want to nudge.
    pub fn waiting_on(&self, department: DepartmentId) -> impl Iterator<Item = &Participant> {
        self.members(department)
            .filter(|p| !self.is_done(p.id) && !self.has_acted(p.id))
    }
}

/// Counts of one department (or everyone) for the facilitator and the projector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Readiness {
    pub joined: u32,
    pub online: u32,
    /// Of those online, who said they are done.
    pub done: u32,
    /// Of those online, who has done this phase's work (see [`SessionState::has_acted`]).
    pub acted: u32,
}

/// How far the whole room is with a phase ([`SessionState::room_progress`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoomProgress {
    /// Of everyone who joined, who has done this phase's work.
    pub acted: u32,
    pub joined: u32,
}

impl RoomProgress {
    /// Who has still to take part (or say they are done: that is not counted here,
    /// as it would tell who has not acted).
    pub fn waiting(self) -> u32 {
        self.joined - self.acted
    }
}

/// How many have done a phase's work: what the server tells a facilitator or
/// projector in an anonymous session, where "who has not acted" becomes a count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RoomCounts {
    /// The phase counted; stale counts (from before a phase change) are not used.
    pub phase: Phase,
    /// Of everyone who joined, who has done this phase's work.
    pub acted: u32,
}

/// An idea in its problem's ranking ([`SessionState::placed_ideas`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed<'a> {
    /// 1 for the best; ideas with the same revealed tally share a place.
    pub place: usize,
    pub idea: &'a Idea,
    /// Its votes, once revealed.
    pub tally: Option<u32>,
}

impl Placed<'_> {
    /// Whether it holds the problem's most votes (with any idea it ties with):
    /// drawn as leading. An idea nobody voted for never leads.
    pub fn leads(&self) -> bool {
        self.place == 1 && self.tally.is_some_and(|t| t > 0)
    }

    /// The place to show: none for an idea without votes, since a "1" that nobody
    /// chose reads as a win.
    pub fn shown_place(&self) -> Option<usize> {
        (self.tally != Some(0)).then_some(self.place)
    }
}

/// Ideas per pair of departments ([`SessionState::idea_flow`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdeaFlow {
    /// The departments, in their order: the rows (from) and the columns (for).
    pub departments: Vec<DepartmentId>,
    /// `counts[from * n + to]`: ideas from department `from` for problems of `to`.
    pub counts: Vec<u32>,
    /// Picked problems whose best idea is known (revealed, with a vote).
    pub winners: u32,
    /// Of those, how many best ideas came from another department.
    pub winners_across: u32,
}

impl IdeaFlow {
    /// Ideas from `from` for the problems of `to`.
    pub fn count(&self, from: usize, to: usize) -> u32 {
        let n = self.departments.len();
        self.counts.get(from * n + to).copied().unwrap_or(0)
    }

    /// Ideas that crossed departments, of all ideas.
    pub fn across(&self) -> (u32, u32) {
        let n = self.departments.len();
        let all: u32 = self.counts.iter().sum();
        let own: u32 = (0..n).map(|d| self.count(d, d)).sum();
        (all - own, all)
    }

    /// The largest count of a cell, for scaling.
    pub fn max(&self) -> u32 {
        self.counts.iter().copied().max().unwrap_or(0)
    }
}

/// What is left of `bound` once `used` is taken.
fn left(bound: u32, used: usize) -> u32 {
    bound.saturating_sub(u32::try_from(used).unwrap_or(u32::MAX))
}

/// Sorts a short list in place, stably, by `less` (insertion sort). The lists sorted
/// here are short (one department's supporters, one problem's ideas, the picked
/// problems, the action items) and mostly in order already; this loop is a few hundred bytes of wasm where `slice::sort` costs
/// kilobytes per element type (the browser's size budget).
/// How a session's agreed action items stand ([`SessionState::follow_up_counts`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FollowUpCounts {
    pub open: u32,
    pub in_progress: u32,
    pub done: u32,
    pub overdue: u32,
}

fn insertion_sort<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && less(&items[j], &items[j - 1]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// What a decision in Review reports to the earlier summit that carried the item
/// over, as a progress note there ([`SessionState::report_to_earlier`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewReport {
    /// Done, and marked done there by this report.
    Done,
    /// Done, where its leads had already marked it done themselves.
    Confirmed,
    Continue,
    Drop,
}

impl ReviewReport {
    pub const ALL: [ReviewReport; 4] = [
        ReviewReport::Done,
        ReviewReport::Confirmed,
        ReviewReport::Continue,
        ReviewReport::Drop,
    ];
}

/// An action item this summit's list shows: its own, and of those carried over,
/// the ones it continues.
fn listed(a: &ActionItem) -> bool {
    a.carried.is_none() || a.is_agreed()
}
