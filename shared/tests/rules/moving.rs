//! Changing department: one's own in the Lobby, anyone's by the facilitator.

use super::*;

fn move_to(participant: ParticipantId, department: DepartmentId) -> Command {
    Command::MoveParticipant {
        participant,
        department,
    }
}

#[test]
fn a_participant_changes_their_own_department_in_the_lobby() {
    let mut s = standard_in(Phase::Lobby);
    let events = s.exec(p(Cast::ALICE), move_to(Cast::ALICE, Cast::SUPPORT));
    assert_eq!(
        events,
        vec![Event::ParticipantMoved {
            participant: Cast::ALICE,
            department: Cast::SUPPORT
        }]
    );
    assert_eq!(s.state.participants[&Cast::ALICE].department, Cast::SUPPORT);
    assert_eq!(s.state.members(Cast::SUPPORT).count(), 2);
}

#[test]
fn once_problems_start_only_the_facilitator_moves_people() {
    let mut s = standard_in(Phase::Problems);
    assert!(matches!(
        s.refuse(p(Cast::ALICE), move_to(Cast::ALICE, Cast::SUPPORT)),
        DomainError::WrongPhase { .. }
    ));
    s.exec(Actor::Facilitator, move_to(Cast::ALICE, Cast::SUPPORT));
    assert_eq!(s.state.participants[&Cast::ALICE].department, Cast::SUPPORT);
}

#[test]
fn what_was_written_stays_with_the_department_it_was_written_in() {
    let mut s = standard_in(Phase::Vote);
    s.exec(Actor::Facilitator, move_to(Cast::CAROL, Cast::SALES));
    // Carol (was Engineering) wrote P_ENG and I1; both stay Engineering's.
    assert_eq!(s.state.problems[&Cast::P_ENG].department, Cast::ENGINEERING);
    assert_eq!(s.state.ideas[&Cast::I1].department, Cast::ENGINEERING);
    assert_eq!(s.state.participants[&Cast::CAROL].department, Cast::SALES);
}

#[test]
fn nobody_moves_someone_else_but_the_facilitator() {
    let mut s = standard_in(Phase::Lobby);
    assert_eq!(
        s.refuse(p(Cast::ALICE), move_to(Cast::BOB, Cast::SUPPORT)),
        DomainError::FacilitatorOnly
    );
    assert_eq!(
        s.refuse(Actor::Guest, move_to(Cast::BOB, Cast::SUPPORT)),
        DomainError::FacilitatorOnly
    );
}

#[test]
fn the_department_and_the_person_must_exist() {
    let mut s = standard_in(Phase::Lobby);
    assert_eq!(
        s.refuse(Actor::Facilitator, move_to(Cast::ALICE, DepartmentId(9))),
        DomainError::UnknownDepartment
    );
    assert_eq!(
        s.refuse(Actor::Facilitator, move_to(ParticipantId(99), Cast::SALES)),
        DomainError::UnknownParticipant
    );
}

#[test]
fn moving_to_the_same_department_changes_nothing_and_a_closed_summit_nobody() {
    let mut s = standard_in(Phase::Lobby);
    assert!(s
        .exec(p(Cast::ALICE), move_to(Cast::ALICE, Cast::SALES))
        .is_empty());
    let mut s = standard_in(Phase::Closed);
    assert_eq!(
        s.refuse(Actor::Facilitator, move_to(Cast::ALICE, Cast::SUPPORT)),
        DomainError::Closed
    );
}

#[test]
fn support_given_in_the_old_department_is_taken_back() {
    let mut s = standard_in(Phase::Pick);
    s.exec(
        p(Cast::ALICE),
        Command::SupportProblem {
            problem: Cast::P_SALES,
            support: true,
        },
    );
    let events = s.exec(Actor::Facilitator, move_to(Cast::ALICE, Cast::SUPPORT));
    assert_eq!(
        events[0],
        Event::PickSupportChanged {
            problem: Cast::P_SALES,
            participant: Cast::ALICE,
            support: false
        }
    );
    assert!(!s.state.problems[&Cast::P_SALES]
        .support
        .contains(&Cast::ALICE));
}
