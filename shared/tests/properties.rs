//! Property tests: random command sequences from random actors, through `decide` and
//! `apply`, with the session's invariants checked after every step.

mod common;

use common::{play, scenario, Outcome, Summit};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::collections::{BTreeMap, BTreeSet};
use summit_shared::*;

const CASES: u32 = 256;
const MAX_STEPS: usize = 200;

fn config() -> Config {
    Config {
        cases: CASES,
        failure_persistence: None,
        // ChaCha (the default) dominates the run time of a debug build.
        rng_algorithm: RngAlgorithm::XorShift,
        ..Config::default()
    }
}

fn json_round_trip<T>(value: &T) -> Result<T, String>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let text = serde_json::to_string(value).map_err(|e| format!("serialize: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("deserialize {text}: {e}"))
}

/// Everything that must hold of a server-side state, whatever happened before.
fn check_state(state: &SessionState) -> Result<(), TestCaseError> {
    let budget = state.settings.vote_budget;
    let cap = state.settings.vote_cap_per_idea;
    prop_assert!((1..=limits::VOTE_BUDGET_MAX).contains(&budget));
    prop_assert!((1..=budget).contains(&cap));
    for (who, mine) in &state.votes {
        prop_assert!(
            state.participants.contains_key(who),
            "votes of unknown participant {}",
            who
        );
        prop_assert!(!mine.is_empty(), "empty vote map kept for {}", who);
        let used = state.votes_used(*who);
        // Every dot is either on the board ("my votes") or stranded, never both.
        let split: u32 = state
            .placed_votes(*who)
            .iter()
            .chain(&state.stranded_votes(*who))
            .map(|(_, n)| n)
            .sum();
        prop_assert_eq!(split, used, "placed and stranded dots of {}", who);
        prop_assert!(
            used <= budget,
            "participant {} used {} of {}",
            who,
            used,
            budget
        );
        for (idea, n) in mine {
            prop_assert!(*n >= 1, "zero entry kept for idea {}", idea);
            prop_assert!(
                *n <= cap,
                "participant {} has {} on idea {} (cap {})",
                who,
                n,
                idea,
                cap
            );
            // Dots may stay on an idea that was withdrawn or hidden since: their
            // voters take them back (refunds would tell everyone its tally).
            prop_assert!(
                state.ideas.contains_key(idea),
                "vote on missing idea {}",
                idea
            );
        }
    }
    prop_assert_eq!(state.hidden_votes, 0, "the server sees every vote");
    let sum: u32 = state.votes.values().flat_map(|m| m.values()).sum();
    prop_assert_eq!(state.total_votes(), sum);
    prop_assert_eq!(state.compute_tallies().values().sum::<u32>(), sum);
    if let Some(tallies) = &state.tallies {
        prop_assert!(
            state.phase >= Phase::Plan,
            "tallies visible in {:?}",
            state.phase
        );
        // No vote can change from Plan on, so the published tallies are the live ones.
        prop_assert_eq!(tallies, &state.compute_tallies());
    } else {
        prop_assert!(state.phase < Phase::Plan, "no tallies in {:?}", state.phase);
    }
    // The leaders of a problem are exactly its ideas with the most revealed votes,
    // when that is at least one.
    for problem in state.problems.keys() {
        let tallies: Vec<u32> = state
            .ranked_ideas(*problem)
            .iter()
            .filter_map(|(_, t)| *t)
            .collect();
        let most = tallies.iter().copied().max().unwrap_or(0);
        let expected = if most > 0 {
            tallies.iter().filter(|t| **t == most).count()
        } else {
            0
        };
        prop_assert_eq!(
            state.leaders(*problem).len(),
            expected,
            "leaders of {}",
            problem
        );
        // A folded ranking keeps its top three and cuts no tie with votes.
        let placed = state.placed_ideas(*problem);
        let cut = state.top_cut(*problem, 3);
        prop_assert!(cut >= placed.len().min(3) && cut <= placed.len());
        if let (Some(before), Some(after)) = (
            cut.checked_sub(1).and_then(|i| placed.get(i)),
            placed.get(cut),
        ) {
            prop_assert!(
                !(after.place == before.place && after.tally.is_some_and(|t| t > 0)),
                "a tie cut at {} of {}",
                cut,
                problem
            );
        }
    }

    // Ids: map keys are the items' own ids and all below the next counter.
    for (id, x) in &state.participants {
        prop_assert_eq!(*id, x.id);
        prop_assert!(id.0 >= 1 && id.0 < state.next.participant);
        prop_assert!(state.department(x.department).is_some());
    }
    for (id, x) in &state.problems {
        prop_assert_eq!(*id, x.id);
        prop_assert!(id.0 >= 1 && id.0 < state.next.problem);
        prop_assert!(
            !(x.withdrawn && x.picked),
            "withdrawn problem {} still picked",
            id
        );
        // A problem stays its department's when its author moves on.
        prop_assert!(x
            .author
            .is_some_and(|a| state.participants.contains_key(&a)));
        prop_assert!(state.department(x.department).is_some());
        let support: BTreeSet<_> = x.support.iter().collect();
        prop_assert_eq!(support.len(), x.support.len(), "duplicate supporter");
        for s in &x.support {
            prop_assert_eq!(state.participants[s].department, x.department);
        }
    }
    for (id, x) in &state.ideas {
        prop_assert_eq!(*id, x.id);
        prop_assert!(id.0 >= 1 && id.0 < state.next.idea);
        prop_assert!(state.problems.contains_key(&x.problem));
        prop_assert!(x
            .author
            .is_some_and(|a| state.participants.contains_key(&a)));
        prop_assert!(state.department(x.department).is_some());
    }
    // Merges are flat (a duplicate points at a card that is no duplicate itself),
    // within one group, and no idea hangs on a merged problem.
    for x in state.problems.values() {
        if let Some(into) = x.merged_into {
            let target = &state.problems[&into];
            prop_assert!(target.merged_into.is_none(), "merge chain at {}", x.id);
            prop_assert_eq!(target.department, x.department);
            prop_assert!(!x.picked, "merged problem {} still picked", x.id);
        }
    }
    for x in state.ideas.values() {
        prop_assert!(state.problems[&x.problem].merged_into.is_none());
        if let Some(into) = x.merged_into {
            let target = &state.ideas[&into];
            prop_assert!(target.merged_into.is_none(), "merge chain at {}", x.id);
            prop_assert_eq!(target.problem, x.problem);
        }
    }
    // Comments and reactions: on cards that exist, by participants, within limits.
    for c in state.comments.values() {
        match c.card {
            Card::Problem(p) => prop_assert!(state.problems.contains_key(&p)),
            Card::Idea(i) => prop_assert!(state.ideas.contains_key(&i)),
        }
        prop_assert!(c
            .author
            .is_some_and(|a| state.participants.contains_key(&a)));
        prop_assert!(c.text.chars().count() <= limits::COMMENT_MAX);
    }
    prop_assert!(state.comments.len() <= limits::COMMENTS_PER_SESSION as usize);
    for r in &state.reactions {
        prop_assert!(r.count() > 0, "an empty reaction entry kept");
        prop_assert_eq!(r.others, 0, "the server knows every reactor");
        let unique: BTreeSet<_> = r.by.iter().collect();
        prop_assert_eq!(unique.len(), r.by.len(), "a reaction counted twice");
    }
    for who in state.participants.keys() {
        let comments = state
            .comments
            .values()
            .filter(|c| c.author == Some(*who))
            .count();
        prop_assert!(comments <= limits::COMMENTS_PER_PARTICIPANT as usize);
        let mine = state
            .suggestions
            .iter()
            .filter(|s| s.by == Some(*who))
            .count();
        prop_assert!(mine <= limits::SUGGESTIONS_PER_PARTICIPANT as usize);
    }
    // Nothing goes past the session's bounds.
    let b = state.bounds;
    prop_assert!(state.participants.len() <= b.participants as usize);
    prop_assert!(state.problems.len() + state.ideas.len() <= b.cards as usize);
    // Items carried over and left behind take no room; continuing ones do.
    prop_assert!(state.actions_in_room() <= b.actions as usize);
    for who in state.participants.keys() {
        let mine = |author: Option<ParticipantId>| author == Some(*who);
        // Hidden cards count: they may come back.
        let problems = state
            .problems
            .values()
            .filter(|p| !p.withdrawn && mine(p.author))
            .count();
        let ideas = state
            .ideas
            .values()
            .filter(|i| !i.withdrawn && mine(i.author))
            .count();
        prop_assert!(problems <= b.problems_per_participant as usize);
        prop_assert!(ideas <= b.ideas_per_participant as usize);
    }
    for (id, x) in &state.actions {
        prop_assert_eq!(*id, x.id);
        prop_assert!(x.notes.len() <= limits::NOTES_PER_ACTION as usize);
        prop_assert!(x.notes.is_empty() || x.proposal.is_none());
        prop_assert!(id.0 >= 1 && id.0 < state.next.action);
        // An item answers a problem of this summit, or was carried over (with
        // its problem's words from the earlier one).
        match x.problem {
            Some(p) => prop_assert!(state.problems.contains_key(&p)),
            None => prop_assert!(x.carried.is_some()),
        }
        if let Some(idea) = x.idea {
            prop_assert_eq!(state.ideas.get(&idea).map(|i| i.problem), x.problem);
        }
    }
    Ok(())
}

fn check_state_json(state: &SessionState) -> Result<(), TestCaseError> {
    let back = json_round_trip(state).map_err(TestCaseError::fail)?;
    prop_assert_eq!(&back, state);
    Ok(())
}

/// When to check the state's JSON round trip. It is the slowest check by far in a
/// debug build, so the main property does it at every phase change and at the end,
/// and a separate property with fewer cases does it after every step.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StateJson {
    PhaseChanges,
    EveryStep,
}

/// What must hold of every single step.
fn check_step(
    before: &SessionState,
    s: &Summit,
    outcome: &Outcome,
    state_json: StateJson,
) -> Result<(), TestCaseError> {
    // decide is pure: same question, same answer.
    let again = decide(before, outcome.actor, &outcome.command, s.now);
    prop_assert_eq!(&again, &outcome.result);

    match &outcome.result {
        Err(e) => {
            prop_assert_eq!(&s.state, before, "a refused command changed the state");
            prop_assert!((400..500).contains(&e.status()));
        }
        Ok(events) => {
            if events.is_empty() {
                prop_assert_eq!(&s.state, before, "no events, yet the state changed");
            }
            for e in events {
                prop_assert!(
                    !matches!(e, Event::HiddenVote { .. } | Event::SessionCreated { .. }),
                    "decide produced {:?}",
                    e
                );
                let back = json_round_trip(e).map_err(TestCaseError::fail)?;
                prop_assert_eq!(&back, e);
            }
            // A closed summit is followed up or reopened: its cards, votes and
            // people stay as they were.
            if before.phase == Phase::Closed {
                prop_assert!(
                    outcome.command.follows_up(),
                    "{:?} accepted while closed",
                    outcome.command
                );
                prop_assert_eq!(&s.state.problems, &before.problems);
                prop_assert_eq!(&s.state.ideas, &before.ideas);
                prop_assert_eq!(&s.state.votes, &before.votes);
                prop_assert_eq!(&s.state.participants, &before.participants);
            }
            // A lead sets a status or writes a note on an agreed item, and no more.
            // (Joining is anyone's with the join link: the server takes joins as a
            // guest's, whatever token comes with them.)
            let joins = matches!(outcome.command, Command::Join { .. });
            if outcome.actor == Actor::Lead && !joins {
                for e in events {
                    match e {
                        Event::ActionUpdated { action } => {
                            let was = before.actions.get(&action.id).cloned();
                            prop_assert!(was.as_ref().is_some_and(|a| a.is_agreed()));
                            let same_but_status = was.map(|a| ActionItem {
                                status: action.status,
                                ..a
                            });
                            prop_assert_eq!(same_but_status.as_ref(), Some(action));
                        }
                        Event::ProgressNoted { note, .. } => {
                            prop_assert_eq!(note.by, NoteAuthor::Lead)
                        }
                        other => prop_assert!(false, "a lead caused {:?}", other),
                    }
                }
            }
            // New ids are fresh.
            for e in events {
                match e {
                    Event::ParticipantJoined { participant } => {
                        prop_assert!(!before.participants.contains_key(&participant.id))
                    }
                    Event::ProblemSubmitted { problem } => {
                        prop_assert!(!before.problems.contains_key(&problem.id))
                    }
                    Event::IdeaSubmitted { idea } => {
                        prop_assert!(!before.ideas.contains_key(&idea.id));
                        let problem = &before.problems[&idea.problem];
                        prop_assert!(problem.picked && !problem.withdrawn);
                        if !before.settings.allow_own_department_ideas {
                            prop_assert_ne!(problem.department, idea.department);
                        }
                    }
                    Event::ActionCreated { action } => {
                        prop_assert!(action.id.0 >= before.next.action.max(1))
                    }
                    // One step of the summit's phases (Review only where items
                    // were carried over).
                    Event::PhaseChanged { phase } => {
                        let steps: Vec<Phase> = before.phases().collect();
                        let at = |p: Phase| steps.iter().position(|s| *s == p);
                        prop_assert!(at(*phase).is_some());
                        prop_assert_eq!(
                            at(*phase).zip(at(before.phase)).map(|(a, b)| a.abs_diff(b)),
                            Some(1)
                        )
                    }
                    // Verdicts on carried items only, in Review.
                    Event::CarriedReviewed { action, .. } => {
                        prop_assert_eq!(before.phase, Phase::Review);
                        prop_assert!(before
                            .actions
                            .get(action)
                            .is_some_and(|a| a.carried.is_some()))
                    }
                    _ => {}
                }
            }
            // Merging or hiding never moves a dot: nobody's votes left change.
            if matches!(
                outcome.command,
                Command::Merge { .. } | Command::HideIdea { .. } | Command::HideProblem { .. }
            ) {
                prop_assert_eq!(&s.state.votes, &before.votes);
            }
            // Vote events keep every participant within budget at every point of the batch.
            let mut partial = before.clone();
            for e in events {
                partial.apply(e);
                for who in partial.votes.keys() {
                    prop_assert!(partial.votes_used(*who) <= partial.settings.vote_budget);
                }
            }
        }
    }
    // A refused or empty answer leaves state and log as they were (checked above), so
    // the checks below would only repeat the previous step's.
    if matches!(&outcome.result, Ok(events) if !events.is_empty()) {
        check_state(&s.state)?;
        // Replaying the whole log from scratch gives the incremental state (and the
        // bounds, which the server sets on a loaded session, not the log).
        let mut replayed = SessionState::replay(&s.log);
        replayed.bounds = s.state.bounds;
        prop_assert_eq!(&replayed, &s.state);
        let phase_changed = s.state.phase != before.phase;
        if state_json == StateJson::EveryStep || phase_changed {
            check_state_json(&s.state)?;
        }
    }
    Ok(())
}

fn run_scenario(scn: &common::Scenario, state_json: StateJson) -> Result<(), TestCaseError> {
    let mut failure: Option<TestCaseError> = None;
    let mut before = SessionState::default();
    let mut first = true;
    let s = play(scn, |s, outcome| {
        if failure.is_some() {
            return;
        }
        if first {
            // The session was created right before the first step.
            before = SessionState::replay(&s.log[..1]);
            before.bounds = s.state.bounds;
            first = false;
        }
        if let Err(e) = check_step(&before, s, outcome, state_json) {
            failure = Some(TestCaseError::fail(format!(
                "after {:?} by {:?} -> {:?}: {}",
                outcome.command, outcome.actor, outcome.result, e
            )));
        }
        before = s.state.clone();
    });
    if let Some(f) = failure {
        return Err(f);
    }
    check_state(&s.state)?;
    check_state_json(&s.state)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn invariants_hold_after_every_step(scn in scenario(MAX_STEPS)) {
        run_scenario(&scn, StateJson::PhaseChanges)?;
    }

    /// `decide` answers (and never panics) for any command, even in states the rules
    /// would never produce: arbitrary events applied blindly.
    #[test]
    fn decide_never_panics_on_odd_states(scn in scenario(60), extra in prop::collection::vec(common::step(), 0..40)) {
        let mut s = play(&scn, |_, _| {});
        // Knock the state about without the rules: random phase jumps.
        for (i, step) in extra.iter().enumerate() {
            s.force_phase(Phase::ALL[i % Phase::ALL.len()]);
            let (actor, command) = common::resolve(&s.state, step);
            // Any plausible clock: 1970 to 2200 (see the report on overflow near i64::MAX).
            let _ = decide(&s.state, actor, &command, 0);
            let _ = decide(&s.state, actor, &command, 7_258_118_400_000);
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: CASES / 4, ..config() })]

    #[test]
    fn state_json_round_trips_after_every_step(scn in scenario(MAX_STEPS)) {
        run_scenario(&scn, StateJson::EveryStep)?;
    }
}

/// The generator is only useful if it reaches the interesting places. Runs the same
/// strategy deterministically and checks that the rules under test were exercised.
#[test]
fn random_scenarios_reach_every_phase_and_every_vote_rule() {
    let mut runner =
        TestRunner::new_with_rng(config(), TestRng::deterministic_rng(RngAlgorithm::XorShift));
    let strategy = scenario(MAX_STEPS);
    let mut errors: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut events: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut phases = BTreeSet::new();
    let mut revealed_with_votes = 0;
    for _ in 0..CASES {
        let scn = strategy.new_tree(&mut runner).unwrap().current();
        play(&scn, |s, outcome| {
            phases.insert(s.state.phase);
            match &outcome.result {
                Err(e) => *errors.entry(e.code().as_str()).or_default() += 1,
                Ok(evs) => {
                    for e in evs {
                        let name = match e {
                            Event::VoteCast { .. } => "vote_cast",
                            Event::VoteRetracted { .. } => "vote_retracted",
                            Event::IdeaSubmitted { .. } => "idea_submitted",
                            Event::IdeaWithdrawn { .. } => "idea_withdrawn",
                            Event::IdeaHidden { .. } => "idea_hidden",
                            Event::IdeaRestored { .. } => "idea_restored",
                            Event::ProblemHidden { .. } => "problem_hidden",
                            Event::ActionCreated { .. } => "action_created",
                            Event::ProblemPicked { .. } => "problem_picked",
                            Event::ProblemMerged { .. } => "problem_merged",
                            Event::IdeaMerged { .. } => "idea_merged",
                            Event::MergeSuggested { .. } => "merge_suggested",
                            Event::SuggestionDismissed { .. } => "suggestion_dismissed",
                            Event::CommentAdded { .. } => "comment_added",
                            Event::CommentHidden { .. } => "comment_hidden",
                            Event::CommentRestored { .. } => "comment_restored",
                            Event::ReactionChanged { .. } => "reaction_changed",
                            Event::NamesRevealed { .. } => "names_revealed",
                            Event::NamesHidden => "names_hidden",
                            Event::VotesRevealed { tallies } => {
                                if !tallies.is_empty() {
                                    revealed_with_votes += 1;
                                }
                                "votes_revealed"
                            }
                            _ => "other",
                        };
                        *events.entry(name).or_default() += 1;
                    }
                }
            }
        });
    }
    println!("errors: {errors:?}\nevents: {events:?}\nrevealed with votes: {revealed_with_votes}");
    assert_eq!(phases.len(), Phase::ALL.len(), "phases reached: {phases:?}");
    for code in [
        "vote_budget_exceeded",
        "vote_cap_exceeded",
        "no_vote",
        "wrong_phase",
        "phase_step",
        "nothing_picked",
        "session_closed",
        "facilitator_only",
        "participant_only",
        "unknown_participant",
        "unknown_idea",
        "own_department_idea",
        "problem_not_picked",
        "not_own_department",
        "not_author",
        "too_long",
        "empty",
        "invalid_settings",
        "problem_picked",
        "merged",
        "merge_mismatch",
        "voting_started",
    ] {
        assert!(
            errors.get(code).copied().unwrap_or(0) >= 3,
            "{code} seen {:?} times",
            errors.get(code)
        );
    }
    for name in [
        "vote_cast",
        "vote_retracted",
        "idea_submitted",
        "idea_hidden",
        "idea_restored",
        "problem_hidden",
        "action_created",
        "votes_revealed",
        "problem_merged",
        "idea_merged",
        "merge_suggested",
        "suggestion_dismissed",
        "comment_added",
        "comment_hidden",
        "comment_restored",
        "reaction_changed",
        "names_revealed",
        "names_hidden",
    ] {
        assert!(
            events.get(name).copied().unwrap_or(0) >= 10,
            "{name}: {events:?}"
        );
    }
    assert!(revealed_with_votes >= 10, "{revealed_with_votes}");
}
