//! The Plan phase: the reveal, and the action items.

use super::*;

#[test]
fn votes_are_revealed_only_on_the_move_from_vote_to_plan() {
    let mut s = standard_in(Phase::Vote);
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::BOB, Cast::I1).unwrap();
    s.vote(Cast::CAROL, Cast::I2).unwrap();
    assert_eq!(s.state.tallies, None);
    let events = s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    let tallies = BTreeMap::from([(Cast::I1, 3), (Cast::I2, 1)]);
    assert_eq!(
        events,
        vec![
            Event::PhaseChanged { phase: Phase::Plan },
            Event::VotesRevealed {
                tallies: tallies.clone()
            },
        ]
    );
    assert_eq!(s.state.tallies, Some(tallies));

    // Plan -> Closed -> Plan reveals nothing new and keeps the tallies.
    assert_eq!(
        s.exec(
            Actor::Facilitator,
            Command::SetPhase {
                phase: Phase::Closed
            }
        ),
        vec![Event::PhaseChanged {
            phase: Phase::Closed
        }]
    );
    assert_eq!(
        s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan }),
        vec![Event::PhaseChanged { phase: Phase::Plan }]
    );
    assert!(s.state.tallies.is_some());

    // Back to Vote hides them again; votes can change; the next reveal is fresh.
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Vote });
    assert_eq!(s.state.tallies, None);
    s.exec(
        p(Cast::BOB),
        Command::MoveVote {
            from: Cast::I1,
            to: Cast::I4,
        },
    );
    let events = s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    assert_eq!(
        events[1],
        Event::VotesRevealed {
            tallies: BTreeMap::from([(Cast::I1, 2), (Cast::I2, 1), (Cast::I4, 1)])
        }
    );
}

#[test]
fn action_items_are_created_updated_and_deleted() {
    let mut s = standard_in(Phase::Plan);
    let mut d = draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES);
    d.title = "  Weekly lead review ".into();
    let events = s.exec(
        Actor::Facilitator,
        Command::CreateAction { action: d.clone() },
    );
    let created = ActionItem {
        id: ActionId(1),
        title: "Weekly lead review".into(),
        problem: Some(Cast::P_SALES),
        idea: Some(Cast::I1),
        owner: "Alice".into(),
        department: Cast::SALES,
        due: Date::new(2026, 3, 31).unwrap(),
        status: ActionStatus::Open,
        proposal: None,
        notes: vec![],
        carried: None,
    };
    assert_eq!(
        events,
        vec![Event::ActionCreated {
            action: created.clone()
        }]
    );

    // Without an idea is fine too; ids keep counting.
    let second = s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: draft(Cast::P_ENG, None, Cast::ENGINEERING),
        },
    );
    assert!(matches!(&second[..], [Event::ActionCreated { action }] if action.id == ActionId(2)));

    let mut update = d.clone();
    update.owner = "Bob".into();
    update.status = ActionStatus::InProgress;
    let events = s.exec(
        Actor::Facilitator,
        Command::UpdateAction {
            id: ActionId(1),
            action: update,
        },
    );
    let updated = ActionItem {
        owner: "Bob".into(),
        status: ActionStatus::InProgress,
        ..created.clone()
    };
    assert_eq!(events, vec![Event::ActionUpdated { action: updated }]);

    let events = s.exec(
        Actor::Facilitator,
        Command::SetActionStatus {
            id: ActionId(1),
            status: ActionStatus::Done,
        },
    );
    assert!(
        matches!(&events[..], [Event::ActionUpdated { action }] if action.status == ActionStatus::Done && action.owner == "Bob")
    );

    assert_eq!(
        s.exec(
            Actor::Facilitator,
            Command::DeleteAction { id: ActionId(1) }
        ),
        vec![Event::ActionDeleted {
            action: ActionId(1)
        }]
    );
    for command in [
        Command::DeleteAction { id: ActionId(1) },
        Command::SetActionStatus {
            id: ActionId(1),
            status: ActionStatus::Open,
        },
        Command::UpdateAction {
            id: ActionId(1),
            action: d.clone(),
        },
        Command::UpdateAction {
            id: ActionId(0),
            action: d.clone(),
        },
    ] {
        assert_eq!(
            s.refuse(Actor::Facilitator, command),
            DomainError::UnknownAction
        );
    }
    // A deleted id is never handed out again.
    let third = s.exec(Actor::Facilitator, Command::CreateAction { action: d });
    assert!(matches!(&third[..], [Event::ActionCreated { action }] if action.id == ActionId(3)));
}

#[test]
fn action_items_name_a_problem_an_idea_of_it_and_a_department() {
    let mut s = standard_in(Phase::Plan);
    let refuse = |s: &mut Summit, d: ActionDraft| {
        let create = s.refuse(
            Actor::Facilitator,
            Command::CreateAction { action: d.clone() },
        );
        (create, d)
    };
    let cases = [
        (
            draft(ProblemId(9), None, Cast::SALES),
            DomainError::UnknownProblem,
        ),
        (
            draft(Cast::P_SALES, Some(IdeaId(9)), Cast::SALES),
            DomainError::UnknownIdea,
        ),
        // I2 is an idea for the Engineering problem, not the Sales one.
        (
            draft(Cast::P_SALES, Some(Cast::I2), Cast::SALES),
            DomainError::UnknownIdea,
        ),
        (
            draft(Cast::P_SALES, Some(Cast::I1), DepartmentId(0)),
            DomainError::UnknownDepartment,
        ),
        (
            draft(Cast::P_SALES, Some(Cast::I1), DepartmentId(4)),
            DomainError::UnknownDepartment,
        ),
    ];
    for (d, expected) in cases {
        let (got, d) = refuse(&mut s, d);
        assert_eq!(got, expected, "{d:?}");
    }
    // Same validation on update.
    s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: draft(Cast::P_SALES, None, Cast::SALES),
        },
    );
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateAction {
                id: ActionId(1),
                action: draft(Cast::P_SALES, Some(Cast::I4), Cast::SALES)
            }
        ),
        DomainError::UnknownIdea
    );
    // The action's department may be any department, not only the problem's.
    s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: draft(Cast::P_SALES, Some(Cast::I1), Cast::ENGINEERING),
        },
    );
}

#[test]
fn a_departments_own_action_items_come_first_then_by_due_date() {
    let mut s = standard_in(Phase::Plan);
    let mut add = |department, month| {
        let mut d = draft(Cast::P_SALES, None, department);
        d.due = Date::new(2026, month, 1).unwrap();
        match s.exec(Actor::Facilitator, Command::CreateAction { action: d })[..] {
            [Event::ActionCreated { ref action }] => action.id,
            ref other => panic!("unexpected {other:?}"),
        }
    };
    let eng_march = add(Cast::ENGINEERING, 3);
    let sales_may = add(Cast::SALES, 5);
    let eng_january = add(Cast::ENGINEERING, 1);
    let sales_april = add(Cast::SALES, 4);
    assert_eq!(
        s.state.actions_with_first(Some(Cast::SALES)),
        vec![sales_april, sales_may, eng_january, eng_march]
    );
    assert_eq!(
        s.state.actions_with_first(None),
        vec![eng_january, eng_march, sales_april, sales_may]
    );
}

// ---------------------------------------------------------------------------------
// Proposals: a participant proposes, the facilitator approves or declines
// ---------------------------------------------------------------------------------

fn propose(s: &mut Summit, who: ParticipantId, idea: IdeaId, problem: ProblemId) -> ActionId {
    let events = s.exec(
        p(who),
        Command::ProposeAction {
            action: draft(problem, Some(idea), Cast::SALES),
        },
    );
    match &events[..] {
        [Event::ActionProposed { action }] => action.id,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_participant_proposes_from_an_idea_and_everyone_sees_a_proposal() {
    let mut s = standard_in(Phase::Plan);
    let id = propose(&mut s, Cast::BOB, Cast::I1, Cast::P_SALES);
    let item = &s.state.actions[&id];
    assert!(item.is_pending() && !item.is_agreed());
    assert_eq!(item.proposer(), Some(Cast::BOB));
    assert_eq!(item.status, ActionStatus::Open);
    for viewer in [
        Viewer::Facilitator,
        Viewer::Screen,
        Viewer::Participant(Cast::CAROL),
    ] {
        assert!(
            s.state.view_for(viewer).actions[&id].is_pending(),
            "{viewer:?}"
        );
    }
    // From an idea only, in Plan only, and a participant's own command.
    let mut d = draft(Cast::P_SALES, None, Cast::SALES);
    assert_eq!(
        s.refuse(p(Cast::BOB), Command::ProposeAction { action: d.clone() }),
        DomainError::UnknownIdea
    );
    d.idea = Some(Cast::I1);
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::ProposeAction { action: d.clone() }
        ),
        DomainError::ParticipantOnly
    );
    let mut vote = standard_in(Phase::Vote);
    assert!(matches!(
        vote.refuse(p(Cast::BOB), Command::ProposeAction { action: d }),
        DomainError::WrongPhase { .. }
    ));
}

#[test]
fn the_facilitator_approves_a_proposal_as_edited() {
    let mut s = standard_in(Phase::Plan);
    let id = propose(&mut s, Cast::BOB, Cast::I1, Cast::P_SALES);
    let mut edited = draft(Cast::P_SALES, Some(Cast::I1), Cast::ENGINEERING);
    edited.owner = "Carol".into();
    assert_eq!(
        s.refuse(
            p(Cast::BOB),
            Command::ApproveAction {
                id,
                action: edited.clone()
            }
        ),
        DomainError::FacilitatorOnly
    );
    let events = s.exec(
        Actor::Facilitator,
        Command::ApproveAction {
            id,
            action: edited.clone(),
        },
    );
    assert!(
        matches!(&events[..], [Event::ActionUpdated { action }] if action.is_agreed() && action.owner == "Carol")
    );
    // Once approved it is no longer a proposal.
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::ApproveAction { id, action: edited }
        ),
        DomainError::NotAProposal
    );
    // A proposal is approved or declined, not edited or given a status.
    let other = propose(&mut s, Cast::BOB, Cast::I1, Cast::P_SALES);
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateAction {
                id: other,
                action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
            }
        ),
        DomainError::NotAgreed
    );
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::SetActionStatus {
                id: other,
                status: ActionStatus::Done,
            }
        ),
        DomainError::NotAgreed
    );
    assert!(s.state.actions[&other].is_pending());
}

#[test]
fn a_declined_proposal_stays_with_its_proposer_and_the_facilitator() {
    let mut s = standard_in(Phase::Plan);
    let id = propose(&mut s, Cast::BOB, Cast::I1, Cast::P_SALES);
    let decline = |reason: &str| Command::DeclineAction {
        id,
        reason: reason.into(),
    };
    assert!(matches!(
        s.refuse(Actor::Facilitator, decline("  ")),
        DomainError::Empty { .. }
    ));
    s.exec(Actor::Facilitator, decline("Covered by the FAQ pilot"));
    let item = &s.state.actions[&id];
    assert!(item.is_declined() && !item.is_agreed());
    let bob = s.state.view_for(Viewer::Participant(Cast::BOB));
    assert_eq!(
        bob.actions[&id]
            .proposal
            .as_ref()
            .and_then(|p| p.declined.as_deref()),
        Some("Covered by the FAQ pilot")
    );
    assert!(s
        .state
        .view_for(Viewer::Facilitator)
        .actions
        .contains_key(&id));
    for viewer in [Viewer::Screen, Viewer::Participant(Cast::CAROL)] {
        assert!(
            !s.state.view_for(viewer).actions.contains_key(&id),
            "{viewer:?}"
        );
    }
    assert_eq!(
        s.refuse(Actor::Facilitator, decline("again")),
        DomainError::NotAProposal
    );
}

#[test]
fn a_declined_proposal_is_listed_last_and_not_counted() {
    let mut s = standard_in(Phase::Plan);
    let declined = propose(&mut s, Cast::BOB, Cast::I1, Cast::P_SALES);
    let waiting = propose(&mut s, Cast::BOB, Cast::I1, Cast::P_SALES);
    s.exec(
        Actor::Facilitator,
        Command::DeclineAction {
            id: declined,
            reason: "Covered by the FAQ pilot".into(),
        },
    );
    assert_eq!(s.state.actions_with_first(None), vec![waiting, declined]);
    assert_eq!(s.state.actions_counted(), 1);
}

#[test]
fn a_participant_has_at_most_five_proposals_waiting() {
    let mut s = standard_in(Phase::Plan);
    for _ in 0..limits::PROPOSALS_PER_PARTICIPANT {
        propose(&mut s, Cast::BOB, Cast::I1, Cast::P_SALES);
    }
    assert_eq!(
        s.refuse(
            p(Cast::BOB),
            Command::ProposeAction {
                action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES)
            }
        ),
        DomainError::ProposalLimit { max: 5 }
    );
    assert!(s.state.may_propose_action(p(Cast::BOB)).is_err());
    // One approved makes room for another.
    s.exec(
        Actor::Facilitator,
        Command::ApproveAction {
            id: ActionId(1),
            action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
        },
    );
    assert!(s.state.may_propose_action(p(Cast::BOB)).is_ok());
}

#[test]
fn the_facilitator_counts_every_proposal_waiting_until_decided() {
    let mut s = standard_in(Phase::Plan);
    assert_eq!(s.state.proposals_to_review(), 0);
    propose(&mut s, Cast::BOB, Cast::I1, Cast::P_SALES);
    propose(&mut s, Cast::CAROL, Cast::I1, Cast::P_SALES);
    assert_eq!(s.state.proposals_to_review(), 2);
    s.exec(
        Actor::Facilitator,
        Command::ApproveAction {
            id: ActionId(1),
            action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
        },
    );
    assert_eq!(
        s.state.proposals_to_review(),
        1,
        "an approved item is agreed"
    );
}

#[test]
fn nobody_learns_who_proposed_in_an_anonymous_session() {
    let anonymous = Settings {
        anonymous: true,
        ..Settings::default()
    };
    let mut s = standard_with(Phase::Plan, anonymous);
    let id = propose(&mut s, Cast::BOB, Cast::I1, Cast::P_SALES);
    for viewer in [
        Viewer::Facilitator,
        Viewer::Screen,
        Viewer::Participant(Cast::CAROL),
    ] {
        let view = s.state.view_for(viewer);
        assert_eq!(view.actions[&id].proposer(), None, "{viewer:?}");
        assert!(view.actions[&id].is_pending(), "{viewer:?}");
    }
    let bob = s.state.view_for(Viewer::Participant(Cast::BOB));
    assert_eq!(bob.actions[&id].proposer(), Some(Cast::BOB));
    assert_eq!(bob.proposals_waiting(Cast::BOB), 1);
}

#[test]
fn proposals_leave_half_the_action_items_to_the_facilitator() {
    let mut s = standard_in(Phase::Plan);
    s.state.bounds.actions = 4;
    propose(&mut s, Cast::BOB, Cast::I1, Cast::P_SALES);
    propose(&mut s, Cast::CAROL, Cast::I1, Cast::P_SALES);
    assert_eq!(
        s.refuse(
            p(Cast::DAVE),
            Command::ProposeAction {
                action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES)
            }
        ),
        DomainError::ActionLimit { max: 4 }
    );
    for _ in 0..2 {
        s.exec(
            Actor::Facilitator,
            Command::CreateAction {
                action: draft(Cast::P_SALES, None, Cast::SALES),
            },
        );
    }
    assert!(s.state.may_create_action(Actor::Facilitator).is_err());
}
