//! What one viewer may see: `SessionState::view_for` and `view::project`, and the key
//! property that projecting commutes with the reducer (a browser folding the events
//! it is sent ends up with exactly the server's view for it).

mod common;

use common::{p, play, scenario, standard_in, standard_with, Cast, Summit};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm};
use std::collections::BTreeMap;
use summit_shared::view::project;
use summit_shared::*;

fn anonymous() -> Settings {
    Settings {
        anonymous: true,
        language: Default::default(),
        ..Settings::default()
    }
}

/// Alice 2 on I1 and 1 on I3, Bob 1 on I2, Carol 1 on I1; Dave none.
fn voted(settings: Settings) -> Summit {
    let mut s = standard_with(Phase::Vote, settings);
    for (who, idea) in [
        (Cast::ALICE, Cast::I1),
        (Cast::ALICE, Cast::I1),
        (Cast::ALICE, Cast::I3),
        (Cast::BOB, Cast::I2),
        (Cast::CAROL, Cast::I1),
    ] {
        s.vote(who, idea).unwrap();
    }
    s
}

/// What a browser holds: the projected log folded from an empty state.
fn folded(log: &[Event], viewer: Viewer, anonymous: bool) -> SessionState {
    let mut state = SessionState::default();
    for e in log {
        state.apply(&project(e, viewer, anonymous));
    }
    state
}

fn viewers() -> Vec<Viewer> {
    let mut v = vec![Viewer::Facilitator, Viewer::Screen];
    // 1..=6 have joined in most scenarios; 7 and 8 mostly have not.
    v.extend((1..=8).map(|i| Viewer::Participant(ParticipantId(i))));
    v
}

// ---------------------------------------------------------------------------------
// view_for
// ---------------------------------------------------------------------------------

#[test]
fn a_participant_sees_only_their_own_votes() {
    let s = voted(Settings::default());
    let alice = s.state.view_for(Viewer::Participant(Cast::ALICE));
    assert_eq!(
        alice.votes,
        BTreeMap::from([(Cast::ALICE, BTreeMap::from([(Cast::I1, 2), (Cast::I3, 1)]))])
    );
    assert_eq!(alice.hidden_votes, 2, "Bob's and Carol's");
    assert_eq!(alice.votes_used(Cast::ALICE), 3);
    assert_eq!(
        alice.votes_used(Cast::BOB),
        0,
        "Bob's votes are not in Alice's view"
    );
    assert_eq!(alice.total_votes(), 5);
    assert_eq!(alice.tallies, None);

    let dave = s.state.view_for(Viewer::Participant(Cast::DAVE));
    assert!(dave.votes.is_empty());
    assert_eq!(dave.hidden_votes, 5);
    assert_eq!(dave.total_votes(), 5);

    // Nobody who has not joined, and not the facilitator, sees any single vote.
    for viewer in [Viewer::Facilitator, Viewer::Participant(ParticipantId(99))] {
        let view = s.state.view_for(viewer);
        assert!(view.votes.is_empty(), "{viewer:?}");
        assert_eq!(view.hidden_votes, 5);
        assert_eq!(view.tallies, None);
    }
    // Who voted how many dots (never for what): the participant their own, the
    // facilitator everyone's.
    assert_eq!(alice.voters, BTreeMap::from([(Cast::ALICE, 3)]));
    assert!(dave.voters.is_empty());
    let facilitator = s.state.view_for(Viewer::Facilitator);
    assert_eq!(facilitator.voters, s.state.voters);
    assert_eq!(facilitator.voters.values().sum::<u32>(), 5);
    // The server state itself is untouched.
    assert_eq!(s.state.votes.len(), 3);
    assert_eq!(s.state.hidden_votes, 0);
}

#[test]
fn a_screen_sees_what_the_facilitator_sees_and_acts_as_no_one() {
    for settings in [Settings::default(), anonymous()] {
        let s = voted(settings);
        let screen = s.state.view_for(Viewer::Screen);
        assert_eq!(screen, s.state.view_for(Viewer::Facilitator));
        assert!(screen.votes.is_empty());
        assert_eq!(screen.hidden_votes, 5);
    }
    assert_eq!(Viewer::Screen.actor(), None);
    assert_eq!(Viewer::Facilitator.actor(), Some(Actor::Facilitator));
}

#[test]
fn everything_but_votes_and_authors_is_the_servers() {
    let s = voted(Settings::default());
    let mut view = s.state.view_for(Viewer::Participant(Cast::BOB));
    view.votes = s.state.votes.clone();
    view.voters = s.state.voters.clone();
    view.hidden_votes = 0;
    assert_eq!(view, s.state);
}

#[test]
fn tallies_are_shown_to_everyone_after_the_reveal_but_votes_stay_private() {
    let mut s = voted(Settings::default());
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    let tallies = BTreeMap::from([(Cast::I1, 3), (Cast::I2, 1), (Cast::I3, 1)]);
    assert_eq!(s.state.tallies.as_ref(), Some(&tallies));
    for viewer in viewers() {
        let view = s.state.view_for(viewer);
        assert_eq!(view.tallies.as_ref(), Some(&tallies), "{viewer:?}");
        assert!(view
            .votes
            .keys()
            .all(|who| Some(*who) == viewer.participant()));
        assert_eq!(view.total_votes(), 5);
    }
}

#[test]
fn anonymous_sessions_hide_authors_except_the_viewers_own() {
    let s = voted(anonymous());
    let alice = s.state.view_for(Viewer::Participant(Cast::ALICE));
    assert_eq!(alice.problems[&Cast::P_SALES].author, Some(Cast::ALICE));
    assert_eq!(alice.problems[&Cast::P_ENG].author, None);
    assert_eq!(alice.problems[&Cast::P_SUPPORT].author, None);
    assert_eq!(alice.ideas[&Cast::I2].author, Some(Cast::ALICE));
    for idea in [Cast::I1, Cast::I3, Cast::I4] {
        assert_eq!(alice.ideas[&idea].author, None);
    }
    let facilitator = s.state.view_for(Viewer::Facilitator);
    assert!(facilitator.problems.values().all(|p| p.author.is_none()));
    assert!(facilitator.ideas.values().all(|i| i.author.is_none()));
    // The server keeps them.
    assert_eq!(s.state.ideas[&Cast::I1].author, Some(Cast::CAROL));
    // Departments stay visible.
    assert_eq!(facilitator.ideas[&Cast::I1].department, Cast::ENGINEERING);
}

/// Leak 2: in an anonymous session nobody, the facilitator included, learns who
/// supported a problem; everyone still sees how many did, and each person whether
/// they did.
#[test]
fn anonymous_sessions_count_supporters_without_naming_them() {
    let mut s = standard_with(Phase::Pick, anonymous());
    for who in [Cast::ALICE, Cast::BOB] {
        s.exec(
            p(who),
            Command::SupportProblem {
                problem: Cast::P_SALES,
                support: true,
            },
        );
    }
    assert_eq!(s.state.problems[&Cast::P_SALES].support_count(), 2);
    for viewer in viewers() {
        let view = s.state.view_for(viewer);
        let p = &view.problems[&Cast::P_SALES];
        assert_eq!(p.support_count(), 2, "{viewer:?}");
        assert!(
            p.support.iter().all(|w| Some(*w) == viewer.participant()),
            "{viewer:?}: {p:?}"
        );
        // The stream says the same: a count moved, not whose support it was.
        for e in &s.log {
            let seen = project(e, viewer, true);
            if let Event::PickSupportChanged { participant, .. } = seen {
                assert_eq!(Some(participant), viewer.participant(), "{viewer:?}");
            }
        }
    }
    let alice = s.state.view_for(Viewer::Participant(Cast::ALICE));
    assert_eq!(alice.problems[&Cast::P_SALES].support, vec![Cast::ALICE]);
    assert_eq!(alice.problems[&Cast::P_SALES].hidden_support, 1);
    // Named sessions name them.
    let mut named = standard_in(Phase::Pick);
    named.exec(
        p(Cast::ALICE),
        Command::SupportProblem {
            problem: Cast::P_SALES,
            support: true,
        },
    );
    let bob = named.state.view_for(Viewer::Participant(Cast::BOB));
    assert_eq!(bob.problems[&Cast::P_SALES].support, vec![Cast::ALICE]);
}

#[test]
fn named_sessions_show_every_author() {
    let s = voted(Settings::default());
    for viewer in viewers() {
        let view = s.state.view_for(viewer);
        assert_eq!(view.problems, s.state.problems);
        assert_eq!(view.ideas, s.state.ideas);
    }
}

// ---------------------------------------------------------------------------------
// project
// ---------------------------------------------------------------------------------

#[test]
fn other_peoples_votes_become_hidden_votes() {
    let cast = Event::VoteCast {
        participant: Cast::BOB,
        idea: Cast::I1,
    };
    let retracted = Event::VoteRetracted {
        participant: Cast::BOB,
        idea: Cast::I1,
    };
    for anonymous in [false, true] {
        for viewer in [
            Viewer::Participant(Cast::ALICE),
            Viewer::Participant(ParticipantId(99)),
        ] {
            assert_eq!(
                project(&cast, viewer, anonymous),
                Event::HiddenVote { delta: 1, by: None }
            );
            assert_eq!(
                project(&retracted, viewer, anonymous),
                Event::HiddenVote {
                    delta: -1,
                    by: None
                }
            );
        }
        // The facilitator and the projector learn who voted, never for what; in an
        // anonymous session not even that.
        let by = (!anonymous).then_some(Cast::BOB);
        for viewer in [Viewer::Facilitator, Viewer::Screen] {
            assert_eq!(
                project(&cast, viewer, anonymous),
                Event::HiddenVote { delta: 1, by }
            );
            assert_eq!(
                project(&retracted, viewer, anonymous),
                Event::HiddenVote { delta: -1, by }
            );
        }
        let bob = Viewer::Participant(Cast::BOB);
        assert_eq!(project(&cast, bob, anonymous), cast);
        assert_eq!(project(&retracted, bob, anonymous), retracted);
    }
}

/// Leak 1: removing an idea during Vote refunded its dots as one "hidden vote -1"
/// each, so everyone learnt its tally. Now the facilitator hides it: its dots stay
/// where they are (their voters may take them back), and everyone but the
/// facilitator just sees it go.
#[test]
fn hiding_an_idea_during_vote_tells_no_one_its_tally() {
    let mut s = voted(Settings::default());
    let total = s.state.total_votes();
    let events = s.exec(
        Actor::Facilitator,
        Command::HideIdea {
            idea: Cast::I1,
            hidden: true,
        },
    );
    let hidden = Event::IdeaHidden {
        idea: Cast::I1,
        author: Some(Cast::CAROL),
    };
    assert_eq!(events, vec![hidden.clone()]);
    assert_eq!(s.state.total_votes(), total, "no dot moved");
    for viewer in viewers() {
        let seen: Vec<Event> = events.iter().map(|e| project(e, viewer, false)).collect();
        // The facilitator and its author (whose share of ideas counts it) keep it.
        let expected = match viewer {
            Viewer::Facilitator => hidden.clone(),
            Viewer::Participant(Cast::CAROL) => hidden.clone(),
            _ => Event::IdeaGone { idea: Cast::I1 },
        };
        assert_eq!(seen, vec![expected], "{viewer:?}");
    }
    // Alice's two dots on it are hers to take back, one by one like any other.
    let alice = s.state.view_for(Viewer::Participant(Cast::ALICE));
    assert!(!alice.ideas.contains_key(&Cast::I1));
    assert_eq!(alice.stranded_votes(Cast::ALICE), vec![(Cast::I1, 2)]);
    s.exec(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 });
    // Nobody can add one, and the author can no longer withdraw it in Vote.
    assert_eq!(
        s.refuse(p(Cast::BOB), Command::CastVote { idea: Cast::I1 }),
        DomainError::UnknownIdea
    );
    // Restoring it brings it back with its dots.
    s.exec(
        Actor::Facilitator,
        Command::HideIdea {
            idea: Cast::I1,
            hidden: false,
        },
    );
    assert_eq!(s.state.votes_on(Cast::CAROL, Cast::I1), 1);
    assert_eq!(s.state.votes_on(Cast::ALICE, Cast::I1), 1);
}

#[test]
fn anonymous_projection_blanks_authors_except_the_viewers_own() {
    let mut s = standard_with(Phase::Problems, anonymous());
    let events = s.exec(
        p(Cast::CAROL),
        Command::SubmitProblem {
            text: "Flaky tests".into(),
        },
    );
    let carol = Viewer::Participant(Cast::CAROL);
    assert_eq!(project(&events[0], carol, true), events[0]);
    for viewer in [Viewer::Participant(Cast::ALICE), Viewer::Facilitator] {
        match project(&events[0], viewer, true) {
            Event::ProblemSubmitted { problem } => {
                assert_eq!(problem.author, None);
                assert_eq!(problem.text, "Flaky tests");
                assert_eq!(problem.department, Cast::ENGINEERING);
            }
            other => panic!("{other:?}"),
        }
        // Not anonymous: unchanged.
        assert_eq!(project(&events[0], viewer, false), events[0]);
    }

    let mut s = standard_with(Phase::Ideas, anonymous());
    let events = s.exec(
        p(Cast::DAVE),
        Command::SubmitIdea {
            problem: Cast::P_ENG,
            text: "Retry less".into(),
        },
    );
    assert_eq!(
        project(&events[0], Viewer::Participant(Cast::DAVE), true),
        events[0]
    );
    match project(&events[0], Viewer::Participant(Cast::CAROL), true) {
        Event::IdeaSubmitted { idea } => {
            assert_eq!(idea.author, None);
            assert_eq!(idea.department, Cast::SUPPORT);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn other_events_pass_unchanged() {
    let mut s = voted(anonymous());
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: common::draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
        },
    );
    for e in &s.log {
        let passes = !matches!(
            e,
            Event::VoteCast { .. }
                | Event::VoteRetracted { .. }
                | Event::ProblemSubmitted { .. }
                | Event::IdeaSubmitted { .. }
        );
        if passes {
            for viewer in viewers() {
                assert_eq!(&project(e, viewer, true), e);
            }
        }
    }
    assert!(s
        .log
        .iter()
        .any(|e| matches!(e, Event::VotesRevealed { .. })));
}

#[test]
fn projected_events_survive_json_like_the_stream_sends_them() {
    let mut s = voted(anonymous());
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    for (i, e) in s.log.iter().enumerate() {
        for viewer in viewers() {
            let sent = SeqEvent {
                seq: i as u64 + 1,
                event: project(e, viewer, true),
            };
            let text = serde_json::to_string(&sent).unwrap();
            let received: SeqEvent = serde_json::from_str(&text).unwrap_or_else(|err| {
                panic!("{text}: {err}");
            });
            assert_eq!(received, sent);
        }
    }
    let revealed = serde_json::to_string(s.log.last().unwrap()).unwrap();
    assert_eq!(
        revealed,
        r#"{"type":"votes_revealed","tallies":{"1":3,"2":1,"3":1}}"#
    );
    assert_eq!(
        serde_json::to_string(&Event::HiddenVote {
            delta: -1,
            by: None
        })
        .unwrap(),
        r#"{"type":"hidden_vote","delta":-1}"#
    );
    assert_eq!(
        serde_json::to_string(&Event::HiddenVote {
            delta: 1,
            by: Some(ParticipantId(4))
        })
        .unwrap(),
        r#"{"type":"hidden_vote","delta":1,"by":4}"#
    );
    let bad: Result<Event, _> =
        serde_json::from_str(r#"{"type":"votes_revealed","tallies":{"x":1}}"#);
    assert!(bad.is_err());
}

// ---------------------------------------------------------------------------------
// Projection commutes with the reducer
// ---------------------------------------------------------------------------------

#[test]
fn the_standard_session_folds_to_each_view() {
    let mut s = voted(anonymous());
    let hide = |idea, hidden| Command::HideIdea { idea, hidden };
    s.exec(Actor::Facilitator, hide(Cast::I3, true));
    s.exec(Actor::Facilitator, hide(Cast::I2, true));
    s.exec(Actor::Facilitator, hide(Cast::I2, false));
    let before_reveal = s.log.len();
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    for viewer in viewers() {
        let server_then = SessionState::replay(&s.log[..before_reveal]);
        assert_eq!(
            folded(&s.log[..before_reveal], viewer, true),
            server_then.view_for(viewer),
            "{viewer:?} before the reveal"
        );
        assert_eq!(
            folded(&s.log, viewer, true),
            s.state.view_for(viewer),
            "{viewer:?} after the reveal"
        );
    }
}

#[test]
fn the_view_after_moving_back_from_plan_to_vote_hides_tallies_again() {
    let mut s = voted(Settings::default());
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Vote });
    s.exec(
        p(Cast::BOB),
        Command::MoveVote {
            from: Cast::I2,
            to: Cast::I4,
        },
    );
    for viewer in viewers() {
        let view = folded(&s.log, viewer, false);
        assert_eq!(view.tallies, None);
        assert_eq!(view, s.state.view_for(viewer), "{viewer:?}");
    }
}

/// Folds the projected events of every step into one state per viewer and compares
/// it, after every step, with the server's `view_for` that viewer.
fn check_commutes(scn: &common::Scenario) -> Result<(), TestCaseError> {
    // A browser's fold starts from a snapshot, which carries the session's bounds.
    let start = SessionState {
        bounds: scn.bounds,
        ..SessionState::default()
    };
    let mut views: Vec<(Viewer, SessionState)> =
        viewers().into_iter().map(|v| (v, start.clone())).collect();
    let mut seen = 0;
    let mut failure = None;
    play(scn, |s, outcome| {
        if failure.is_some() {
            return;
        }
        // The session was created before the first step: its event is in the log too.
        let fresh = &s.log[seen..];
        seen = s.log.len();
        if fresh.is_empty() {
            // Nothing happened: neither the server state nor any fold changed.
            return;
        }
        // As the server does: a batch is projected with the session's anonymity as it
        // stands after it (a batch that makes the session anonymous is sent unnamed).
        let anonymous = s.state.names_hidden();
        for (viewer, view) in &mut views {
            for e in fresh {
                view.apply(&project(e, *viewer, anonymous));
            }
            let expected = s.state.view_for(*viewer);
            if *view != expected {
                failure = Some(format!(
                    "after {:?} by {:?} -> {:?}\nviewer {viewer:?}\nfolded:    {view:?}\nview_for:  {expected:?}",
                    outcome.command, outcome.actor, outcome.result
                ));
                return;
            }
            // And the view only holds what the viewer may see.
            if view
                .votes
                .keys()
                .any(|who| Some(*who) != viewer.participant())
                || view.total_votes() != s.state.total_votes()
                || view.tallies != s.state.tallies
            {
                failure = Some(format!("{viewer:?} sees too much or too little: {view:?}"));
                return;
            }
            // Nobody learns who else reacted or suggested a merge (in any session),
            // and everyone counts reactions as the server does.
            let me = viewer.participant();
            let reactors = view.reactions.iter().flat_map(|r| r.by.iter());
            let suggesters = view.suggestions.iter().filter_map(|x| x.by);
            if reactors.copied().chain(suggesters).any(|a| Some(a) != me) {
                failure = Some(format!("{viewer:?} sees who else reacted or suggested"));
                return;
            }
            let recounted = view
                .reactions
                .iter()
                .all(|r| s.state.reactions_to(r.card, r.reaction) == r.count())
                && view.reactions.len() == s.state.reactions.len();
            if !recounted {
                failure = Some(format!("{viewer:?} counts reactions wrongly: {view:?}"));
                return;
            }
            // The facilitator and the projector count the room as the server does,
            // given the server's counts where names are hidden from them.
            if me.is_none() {
                let mut told = view.clone();
                if anonymous {
                    told.counted = Some(s.state.room_counts());
                }
                let expected = RoomProgress {
                    acted: s.state.room_counts().acted,
                    joined: u32::try_from(s.state.participants.len()).unwrap_or(u32::MAX),
                };
                if told.room_progress() != Some(expected) {
                    failure = Some(format!("{viewer:?} counts the room wrongly: {told:?}"));
                    return;
                }
            }
            if anonymous {
                let authors = view
                    .problems
                    .values()
                    .map(|p| p.author)
                    .chain(view.ideas.values().map(|i| i.author))
                    .chain(view.comments.values().map(|c| c.author))
                    .chain(view.actions.values().map(|a| a.proposer()));
                if authors.flatten().any(|a| Some(a) != viewer.participant()) {
                    failure = Some(format!("{viewer:?} sees someone else's authorship"));
                    return;
                }
                let supporters = view.problems.values().flat_map(|p| p.support.iter());
                if supporters.copied().any(|a| Some(a) != viewer.participant()) {
                    failure = Some(format!("{viewer:?} sees who else supported a problem"));
                    return;
                }
                let miscounted = view.problems.values().any(|p| {
                    s.state.problems.get(&p.id).map(|q| q.support_count())
                        != Some(p.support_count())
                });
                if miscounted {
                    failure = Some(format!("{viewer:?} counts support wrongly: {view:?}"));
                    return;
                }
            }
        }
    });
    if let Some(f) = failure {
        return Err(TestCaseError::fail(f));
    }
    Ok(())
}

// Arbitrary event logs, not produced by `decide`: how far does the property reach?
mod arbitrary {
    use super::*;

    fn pid() -> impl Strategy<Value = ParticipantId> {
        (1u32..=4).prop_map(ParticipantId)
    }
    fn iid() -> impl Strategy<Value = IdeaId> {
        (1u32..=4).prop_map(IdeaId)
    }
    fn prid() -> impl Strategy<Value = ProblemId> {
        (1u32..=4).prop_map(ProblemId)
    }
    fn did() -> impl Strategy<Value = DepartmentId> {
        (1u32..=3).prop_map(DepartmentId)
    }
    fn phase() -> impl Strategy<Value = Phase> {
        (0usize..7).prop_map(|i| Phase::ALL[i])
    }
    fn action() -> impl Strategy<Value = ActionItem> {
        (
            1u32..=3,
            prid(),
            proptest::option::of(iid()),
            did(),
            0usize..3,
        )
            .prop_map(|(id, problem, idea, department, s)| ActionItem {
                id: ActionId(id),
                title: format!("Action {id}"),
                problem: Some(problem),
                idea,
                owner: "Owner".into(),
                department,
                due: Date::new(2026, 5, 1).unwrap(),
                status: ActionStatus::ALL[s],
                proposal: None,
                notes: vec![],
                carried: None,
            })
    }

    /// Any event a log may hold, anonymity aside (`fix_anonymity` sets it).
    pub fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            1 => (pid(), did()).prop_map(|(id, department)| Event::ParticipantJoined {
                participant: Participant {
                    id,
                    name: format!("P{id}"),
                    department,
                    joined_at: 0,
                },
            }),
            1 => (did(), "[a-z]{1,3}")
                .prop_map(|(department, name)| Event::DepartmentRenamed { department, name }),
            1 => (1u32..=5, any::<bool>()).prop_map(|(b, own)| Event::SettingsChanged {
                settings: Settings {
                    vote_budget: b,
                    vote_cap_per_idea: 1,
                    allow_own_department_ideas: own,
                    anonymous: false,
                    names_at_plan: false,
                    language: Default::default(),
                },
            }),
            1 => phase().prop_map(|phase| Event::PhaseChanged { phase }),
            1 => (0i64..10, 1u32..10)
                .prop_map(|(ends_at, seconds)| Event::TimerStarted { ends_at, seconds }),
            1 => Just(Event::TimerCleared),
            1 => (prid(), did(), proptest::option::of(pid())).prop_map(
                |(id, department, author)| Event::ProblemSubmitted {
                    problem: Problem {
                        id,
                        department,
                        author,
                        text: format!("Problem {id}"),
                        withdrawn: false,
                        picked: false,
                        support: vec![],
                    hidden_support: 0,
                    hidden: false,
                    merged_into: None,
                    },
                }
            ),
            1 => prid().prop_map(|problem| Event::ProblemWithdrawn { problem }),
            1 => (prid(), pid(), any::<bool>()).prop_map(|(problem, participant, support)| {
                Event::PickSupportChanged {
                    problem,
                    participant,
                    support,
                }
            }),
            1 => (prid(), any::<bool>())
                .prop_map(|(problem, picked)| Event::ProblemPicked { problem, picked }),
            1 => (iid(), prid(), did(), proptest::option::of(pid())).prop_map(
                |(id, problem, department, author)| Event::IdeaSubmitted {
                    idea: Idea {
                        id,
                        problem,
                        department,
                        author,
                        text: format!("Idea {id}"),
                        withdrawn: false,
                        hidden: false,
                        merged_into: None,
                    },
                }
            ),
            1 => iid().prop_map(|idea| Event::IdeaWithdrawn { idea }),
            4 => (pid(), iid())
                .prop_map(|(participant, idea)| Event::VoteCast { participant, idea }),
            2 => (pid(), iid())
                .prop_map(|(participant, idea)| Event::VoteRetracted { participant, idea }),
            1 => prop::collection::btree_map(iid(), 0u32..9, 0..4)
                .prop_map(|tallies| Event::VotesRevealed { tallies }),
            1 => action().prop_map(|action| Event::ActionCreated { action }),
            1 => action().prop_map(|action| Event::ActionUpdated { action }),
            1 => (1u32..=3).prop_map(|id| Event::ActionDeleted {
                action: ActionId(id)
            }),
        ]
    }

    /// A log: the session first, then anything; anonymity is fixed at creation.
    pub fn log() -> impl Strategy<Value = (bool, Vec<Event>)> {
        (any::<bool>(), prop::collection::vec(event(), 0..60)).prop_map(|(anonymous, rest)| {
            let mut log = vec![Event::SessionCreated {
                title: "t".into(),
                departments: (1..=3)
                    .map(|i| Department {
                        id: DepartmentId(i),
                        name: format!("D{i}"),
                    })
                    .collect(),
                settings: Settings {
                    anonymous,
                    language: Default::default(),
                    ..Settings::default()
                },
                at: 0,
                carried: vec![],
                carried_from: None,
            }];
            for mut e in rest {
                if let Event::SettingsChanged { settings } = &mut e {
                    settings.anonymous = anonymous;
                }
                log.push(e);
            }
            (anonymous, log)
        })
    }

    /// Drops every retraction that takes back a dot the participant does not have
    /// on that idea, so that all retractions are matched (as in every log `decide`
    /// writes), and every support change that changes nothing. See `an_unmatched_retraction_is_where_projection_and_reducer_part`.
    pub fn matched_changes_only(log: Vec<Event>) -> Vec<Event> {
        let mut state = SessionState::default();
        let mut kept = Vec::with_capacity(log.len());
        for e in log {
            if let Event::VoteRetracted { participant, idea } = &e {
                if state.votes_on(*participant, *idea) == 0 {
                    continue;
                }
            }
            // Likewise a support change that changes nothing (the rules write none):
            // an anonymous viewer only counts, so it cannot tell it changed nothing.
            if let Event::PickSupportChanged {
                problem,
                participant,
                support,
            } = &e
            {
                let now = state
                    .problems
                    .get(problem)
                    .is_some_and(|p| p.support.contains(participant));
                if now == *support {
                    continue;
                }
            }
            state.apply(&e);
            kept.push(e);
        }
        kept
    }
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::XorShift,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// The key property, on logs written by the rules: for every viewer, after every
    /// step (before and after any reveal), folding the projected events gives
    /// `view_for` of the server state.
    #[test]
    fn projection_commutes_with_the_reducer(scn in scenario(200)) {
        check_commutes(&scn)?;
    }

    /// The same on any log whose vote retractions are matched by earlier casts.
    #[test]
    fn projection_commutes_on_arbitrary_logs_with_matched_retractions(
        (anonymous, log) in arbitrary::log()
            .prop_map(|(anonymous, log)| (anonymous, arbitrary::matched_changes_only(log)))
    ) {
        // After every prefix of the log: the server's state is the fold of the prefix.
        for viewer in viewers() {
            let mut server = SessionState::default();
            let mut view = SessionState::default();
            for (n, e) in log.iter().enumerate() {
                server.apply(e);
                view.apply(&project(e, viewer, anonymous));
                prop_assert_eq!(
                    &view,
                    &server.view_for(viewer),
                    "{:?} after {} events", viewer, n + 1
                );
            }
        }
    }
}

/// Where the property stops: a `VoteRetracted` for a dot that is not there is a
/// no-op for the reducer, but `project` (which cannot see the state) still turns it
/// into `HiddenVote { delta: -1 }` for every other viewer. `decide` never writes such
/// an event (RetractVote and MoveVote answer `NoVote`; WithdrawIdea retracts exactly
/// the dots that exist), so this is a precondition on the log, not a bug today.
#[test]
fn an_unmatched_retraction_is_where_projection_and_reducer_part() {
    let s = standard_in(Phase::Vote);
    let mut log = s.log.clone();
    log.push(Event::VoteRetracted {
        participant: Cast::BOB,
        idea: Cast::I1,
    });
    let server = SessionState::replay(&log);
    let alice = Viewer::Participant(Cast::ALICE);
    assert_eq!(server.view_for(alice).hidden_votes, 0);
    // The fold saturates at 0 here, so the two still agree…
    assert_eq!(folded(&log, alice, false), server.view_for(alice));
    // …but not once a real hidden vote is counted: one dot cast, an unmatched
    // retraction of someone else's, and the browser counts 0 where the server has 1.
    log.push(Event::VoteCast {
        participant: Cast::CAROL,
        idea: Cast::I1,
    });
    log.push(Event::VoteRetracted {
        participant: Cast::DAVE,
        idea: Cast::I1,
    });
    let server = SessionState::replay(&log);
    assert_eq!(server.view_for(alice).hidden_votes, 1);
    assert_eq!(folded(&log, alice, false).hidden_votes, 0);
}
