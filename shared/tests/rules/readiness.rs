//! Presence and readiness: who has a live stream open (the server's word), who said
//! they are done with the phase, and who has not acted yet.

use super::*;

fn online(s: &mut Summit, who: ParticipantId, online: bool) -> Vec<Event> {
    s.exec(
        Actor::Server,
        Command::SetPresence {
            participant: who,
            online,
        },
    )
}

#[test]
fn only_the_server_says_who_is_online() {
    let mut s = standard_in(Phase::Lobby);
    for actor in [Actor::Facilitator, p(Cast::ALICE), Actor::Guest] {
        assert_eq!(
            s.refuse(
                actor,
                Command::SetPresence {
                    participant: Cast::ALICE,
                    online: true
                }
            ),
            DomainError::ServerOnly
        );
    }
    assert_eq!(
        online(&mut s, Cast::ALICE, true),
        vec![Event::PresenceChanged {
            participant: Cast::ALICE,
            online: true
        }]
    );
    assert!(s.state.is_online(Cast::ALICE));
    assert!(
        online(&mut s, Cast::ALICE, true).is_empty(),
        "no change, no event"
    );
    online(&mut s, Cast::ALICE, false);
    assert!(!s.state.is_online(Cast::ALICE));
    assert_eq!(
        s.refuse(
            Actor::Server,
            Command::SetPresence {
                participant: ParticipantId(99),
                online: true
            }
        ),
        DomainError::UnknownParticipant
    );
}

#[test]
fn done_is_said_in_a_phase_with_work_and_taken_back() {
    let mut s = standard_in(Phase::Lobby);
    assert!(matches!(
        s.refuse(p(Cast::ALICE), Command::SetDone { done: true }),
        DomainError::WrongPhase { .. }
    ));
    s.advance_to(Phase::Problems);
    assert_eq!(
        s.exec(p(Cast::ALICE), Command::SetDone { done: true }),
        vec![Event::ReadinessChanged {
            participant: Cast::ALICE,
            done: true
        }]
    );
    assert!(s.state.is_done(Cast::ALICE));
    assert!(s
        .exec(p(Cast::ALICE), Command::SetDone { done: true })
        .is_empty());
    s.exec(p(Cast::ALICE), Command::SetDone { done: false });
    assert!(!s.state.is_done(Cast::ALICE));
    assert_eq!(
        s.refuse(Actor::Facilitator, Command::SetDone { done: true }),
        DomainError::ParticipantOnly
    );
}

#[test]
fn readiness_starts_over_at_each_phase_change() {
    let mut s = standard_in(Phase::Ideas);
    s.exec(p(Cast::ALICE), Command::SetDone { done: true });
    s.advance_to(Phase::Vote);
    assert!(!s.state.is_done(Cast::ALICE));
    assert!(matches!(
        {
            s.advance_to(Phase::Plan);
            s.refuse(p(Cast::ALICE), Command::SetDone { done: true })
        },
        DomainError::WrongPhase { .. }
    ));
}

#[test]
fn counts_per_department_are_of_those_online() {
    let mut s = standard_in(Phase::Problems);
    // Alice and Bob are Sales; Alice wrote the Sales problem in `standard_in`.
    assert_eq!(s.state.readiness(Some(Cast::SALES)).online, 0);
    online(&mut s, Cast::ALICE, true);
    online(&mut s, Cast::BOB, true);
    s.exec(p(Cast::BOB), Command::SetDone { done: true });
    let sales = s.state.readiness(Some(Cast::SALES));
    assert_eq!(
        (sales.joined, sales.online, sales.done, sales.acted),
        (2, 2, 1, 1)
    );
    online(&mut s, Cast::BOB, false);
    let sales = s.state.readiness(Some(Cast::SALES));
    assert_eq!(
        (sales.online, sales.done),
        (1, 0),
        "done counts those online"
    );
    assert_eq!(s.state.readiness(None).joined, 4);
}

#[test]
fn who_has_not_acted_follows_the_phase() {
    let mut s = standard_in(Phase::Problems);
    let waiting =
        |s: &Summit, d| -> Vec<ParticipantId> { s.state.waiting_on(d).map(|p| p.id).collect() };
    assert_eq!(waiting(&s, Cast::SALES), vec![Cast::BOB], "Alice wrote one");
    s.exec(p(Cast::BOB), Command::SetDone { done: true });
    assert!(waiting(&s, Cast::SALES).is_empty(), "Bob says he is done");

    let mut s = standard_in(Phase::Vote);
    assert_eq!(waiting(&s, Cast::SALES), vec![Cast::ALICE, Cast::BOB]);
    s.vote(Cast::ALICE, Cast::I2).expect("a vote");
    assert_eq!(waiting(&s, Cast::SALES), vec![Cast::BOB]);
    // The facilitator's view knows who voted (not for what).
    let view = s.state.view_for(Viewer::Facilitator);
    assert!(view.has_acted(Cast::ALICE) && !view.has_acted(Cast::BOB));
}

#[test]
fn anonymity_is_weak_in_a_department_of_one_or_two() {
    let anonymous = Settings {
        anonymous: true,
        ..Settings::default()
    };
    // Sales has Alice and Bob, Engineering Carol, Support Dave.
    let mut s = standard_with(Phase::Lobby, anonymous.clone());
    assert!(s.state.anonymity_is_weak(Cast::SALES));
    assert!(s.state.anonymity_is_weak(Cast::ENGINEERING));
    s.join("Erin", 1);
    assert!(!s.state.anonymity_is_weak(Cast::SALES), "three members");
    // An empty department has no one to tell apart; a named session, no anonymity.
    let mut empty = Summit::create(&["Sales", "Engineering"], anonymous);
    empty.join("Alice", 1);
    assert!(!empty.state.anonymity_is_weak(DepartmentId(2)));
    assert!(!standard_in(Phase::Lobby)
        .state
        .anonymity_is_weak(Cast::ENGINEERING));
}

#[test]
fn an_anonymous_facilitator_is_told_one_count_for_the_room() {
    let anonymous = Settings {
        anonymous: true,
        ..Settings::default()
    };
    let mut s = standard_with(Phase::Problems, anonymous);
    // Alice, Carol and Dave wrote a problem each; Bob has not.
    assert_eq!(s.state.room_counts().acted, 3);
    let full = RoomProgress {
        acted: 3,
        joined: 4,
    };
    assert_eq!(full.waiting(), 1);

    let mut view = s.state.view_for(Viewer::Facilitator);
    assert_eq!(
        view.room_progress(),
        None,
        "not known before the server says"
    );
    view.counted = Some(s.state.room_counts());
    assert_eq!(view.room_progress(), Some(full));

    // Being online, saying one is done or changing department moves nothing: the
    // count would otherwise tell who acted.
    let before = s.state.room_counts();
    online(&mut s, Cast::BOB, true);
    s.exec(p(Cast::BOB), Command::SetDone { done: true });
    s.exec(
        Actor::Facilitator,
        Command::MoveParticipant {
            participant: Cast::ALICE,
            department: Cast::SUPPORT,
        },
    );
    assert_eq!(s.state.room_counts(), before);

    // Counts of another phase are not used.
    let stale = RoomCounts {
        phase: Phase::Problems,
        acted: 3,
    };
    s.advance_to(Phase::Pick);
    let mut view = s.state.view_for(Viewer::Facilitator);
    view.counted = Some(stale);
    assert_eq!(view.room_progress(), None);
}

#[test]
fn a_named_room_is_counted_from_what_the_state_holds() {
    let mut s = standard_in(Phase::Vote);
    let progress = |s: &Summit| s.state.view_for(Viewer::Screen).room_progress();
    assert_eq!(progress(&s).map(|p| p.acted), Some(0));
    s.vote(Cast::ALICE, Cast::I2).expect("a vote");
    assert_eq!(
        progress(&s),
        Some(RoomProgress {
            acted: 1,
            joined: 4
        })
    );
    assert_eq!(s.state.room_counts().acted, 1);
}
