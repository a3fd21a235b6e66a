//! Following action items up after the summit: leads (the follow-up link) set an
//! agreed item's status and write dated notes, and nothing else; the facilitator
//! does the same, edits items, and hands out (renews, revokes) the links.

use super::*;

/// A closed summit with one agreed item (1) and one waiting proposal (2).
fn closed_with_items() -> Summit {
    let mut s = standard_in(Phase::Plan);
    s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
        },
    );
    s.exec(
        p(Cast::CAROL),
        Command::ProposeAction {
            action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
        },
    );
    s.advance_to(Phase::Closed);
    s
}

fn note(id: u32, text: &str) -> Command {
    Command::AddNote {
        id: ActionId(id),
        text: text.into(),
    }
}

#[test]
fn a_lead_sets_the_status_and_writes_dated_notes_after_the_summit() {
    let mut s = closed_with_items();
    s.exec(
        Actor::Lead,
        Command::SetActionStatus {
            id: ActionId(1),
            status: ActionStatus::InProgress,
        },
    );
    let events = s.exec(Actor::Lead, note(1, "  Pilot runs in two teams "));
    assert_eq!(
        events,
        vec![Event::ProgressNoted {
            action: ActionId(1),
            note: ProgressNote {
                text: "Pilot runs in two teams".into(),
                at: s.now,
                by: NoteAuthor::Lead,
            },
        }]
    );
    s.exec(Actor::Facilitator, note(1, "Checked with the lead"));
    let item = &s.state.actions[&ActionId(1)];
    assert_eq!(item.status, ActionStatus::InProgress);
    let by: Vec<NoteAuthor> = item.notes.iter().map(|n| n.by).collect();
    assert_eq!(by, [NoteAuthor::Lead, NoteAuthor::Facilitator]);
}

#[test]
fn a_lead_can_do_nothing_else() {
    let mut s = closed_with_items();
    let a1 = ActionId(1);
    let facilitators: Vec<Command> = vec![
        Command::UpdateAction {
            id: a1,
            action: draft(Cast::P_SALES, None, Cast::SALES),
        },
        Command::IssueLink {
            link: LinkKind::FollowUp,
        },
        Command::RevokeLink {
            link: LinkKind::Calendar,
        },
        Command::SetPhase { phase: Phase::Plan },
    ];
    for command in facilitators {
        assert_eq!(
            s.refuse(Actor::Lead, command.clone()),
            DomainError::FacilitatorOnly,
            "{command:?}"
        );
    }
    // Back in Plan, nothing of the room is a lead's either.
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Plan });
    let others: Vec<Command> = vec![
        Command::CreateAction {
            action: draft(Cast::P_SALES, None, Cast::SALES),
        },
        Command::DeleteAction { id: a1 },
        Command::ApproveAction {
            id: ActionId(2),
            action: draft(Cast::P_SALES, None, Cast::SALES),
        },
        Command::ProposeAction {
            action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
        },
        Command::AddComment {
            card: Card::Idea(Cast::I1),
            text: "x".into(),
        },
        Command::StartTimer { seconds: 60 },
    ];
    for command in others {
        let refused = s.refuse(Actor::Lead, command.clone());
        assert_eq!(refused.status(), 403, "{command:?}: {refused:?}");
    }
}

#[test]
fn a_proposal_is_not_followed_up() {
    let mut s = closed_with_items();
    assert_eq!(s.refuse(Actor::Lead, note(2, "x")), DomainError::NotAgreed);
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::SetActionStatus {
                id: ActionId(2),
                status: ActionStatus::Done,
            }
        ),
        DomainError::NotAgreed
    );
    assert_eq!(
        s.refuse(Actor::Lead, note(9, "x")),
        DomainError::UnknownAction
    );
}

#[test]
fn follow_up_starts_in_plan() {
    let mut s = standard_in(Phase::Vote);
    let refused = s.refuse(Actor::Lead, note(1, "x"));
    assert_eq!(refused.code(), ErrorCode::WrongPhase);
}

#[test]
fn follow_up_is_said_to_start_in_plan_as_the_rules_have_it() {
    // The lead's page tells before Plan that status and notes come later: it asks
    // `follows_up`, which must agree with what the rules accept.
    let mut s = closed_with_items();
    for phase in Phase::ALL {
        s.state.phase = phase;
        let accepted = s.state.may_set_status(Actor::Lead, ActionId(1)).is_ok();
        assert_eq!(s.state.follows_up(), accepted, "{phase:?}");
    }
}

#[test]
fn only_a_summit_closed_without_an_agreed_item_has_nothing_to_follow_up() {
    let mut s = closed_with_items();
    assert!(
        !s.state.nothing_to_follow_up(),
        "an agreed item leaves the room"
    );
    // Only the waiting proposal: it never left the room.
    s.state.actions.remove(&ActionId(1));
    assert!(s.state.nothing_to_follow_up());
    s.state.phase = Phase::Plan;
    assert!(!s.state.nothing_to_follow_up(), "Plan may still agree one");
}

#[test]
fn the_facilitator_edits_an_item_after_the_summit_and_keeps_its_notes() {
    let mut s = closed_with_items();
    s.exec(Actor::Lead, note(1, "Started"));
    let mut edited = draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES);
    edited.owner = "Bob".into();
    s.exec(
        Actor::Facilitator,
        Command::UpdateAction {
            id: ActionId(1),
            action: edited,
        },
    );
    let item = &s.state.actions[&ActionId(1)];
    assert_eq!(item.owner, "Bob");
    assert_eq!(item.notes.len(), 1);
}

#[test]
fn notes_are_short_and_bounded() {
    let mut s = closed_with_items();
    assert!(matches!(
        s.refuse(Actor::Lead, note(1, " ")),
        DomainError::Empty { .. }
    ));
    assert!(matches!(
        s.refuse(Actor::Lead, note(1, &emoji(limits::NOTE_MAX + 1))),
        DomainError::TooLong { .. }
    ));
    s.exec(Actor::Lead, note(1, &emoji(limits::NOTE_MAX)));
    for i in 1..limits::NOTES_PER_ACTION {
        s.exec(Actor::Lead, note(1, &format!("Week {i}")));
    }
    assert_eq!(
        s.refuse(Actor::Facilitator, note(1, "One more")),
        DomainError::NoteLimit {
            max: limits::NOTES_PER_ACTION
        }
    );
}

#[test]
fn links_are_issued_renewed_and_revoked_by_generation() {
    let mut s = closed_with_items();
    let follow_up = LinkKind::FollowUp;
    let calendar = LinkKind::Calendar;
    s.exec(Actor::Facilitator, Command::IssueLink { link: follow_up });
    s.exec(Actor::Facilitator, Command::IssueLink { link: calendar });
    assert_eq!(s.state.links.generation(follow_up), Some(1));
    assert_eq!(s.state.links.generation(calendar), Some(2));
    // Renewing makes a generation never used before.
    s.exec(Actor::Facilitator, Command::IssueLink { link: follow_up });
    assert_eq!(s.state.links.generation(follow_up), Some(3));
    s.exec(Actor::Facilitator, Command::RevokeLink { link: follow_up });
    assert_eq!(s.state.links.generation(follow_up), None);
    assert_eq!(s.state.links.generation(calendar), Some(2));
    // Revoking a revoked link changes nothing.
    assert!(s
        .exec(Actor::Facilitator, Command::RevokeLink { link: follow_up })
        .is_empty());
    s.exec(Actor::Facilitator, Command::IssueLink { link: follow_up });
    assert_eq!(s.state.links.generation(follow_up), Some(4));
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::IssueLink { link: calendar }),
        DomainError::FacilitatorOnly
    );
}

#[test]
fn overdue_is_past_due_and_not_done() {
    let s = closed_with_items();
    let mut item = s.state.actions[&ActionId(1)].clone();
    let due = item.due;
    assert!(!item.is_overdue(due));
    assert!(item.is_overdue(due.next_day()));
    item.status = ActionStatus::Done;
    assert!(!item.is_overdue(due.next_day()));
}

#[test]
fn deleting_needs_the_title_typed() {
    let s = closed_with_items();
    let title = s.state.title.clone();
    assert_eq!(
        s.state.may_delete(Actor::Facilitator, "summit"),
        Err(DomainError::TitleMismatch)
    );
    assert_eq!(
        s.state.may_delete(Actor::Lead, &title),
        Err(DomainError::FacilitatorOnly)
    );
    assert_eq!(
        s.state
            .may_delete(Actor::Facilitator, &format!(" {title} ")),
        Ok(())
    );
}

#[test]
fn leads_see_overdue_items_first_and_done_ones_last() {
    let mut s = standard_in(Phase::Plan);
    for (day, owner) in [(20u8, "Late"), (10, "Later"), (25, "Done"), (28, "Soon")] {
        let mut d = draft(Cast::P_SALES, None, Cast::SALES);
        d.due = Date::new(2026, 3, day).unwrap();
        d.owner = owner.into();
        s.exec(Actor::Facilitator, Command::CreateAction { action: d });
    }
    s.exec(
        Actor::Facilitator,
        Command::SetActionStatus {
            id: ActionId(3),
            status: ActionStatus::Done,
        },
    );
    // A waiting proposal is nobody's to follow up.
    s.exec(
        p(Cast::CAROL),
        Command::ProposeAction {
            action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
        },
    );
    let today = Date::new(2026, 3, 21).unwrap();
    assert_eq!(
        s.state.follow_up_order(today),
        [ActionId(2), ActionId(1), ActionId(4), ActionId(3)]
    );
    assert_eq!(
        s.state.follow_up_counts(today),
        FollowUpCounts {
            open: 3,
            in_progress: 0,
            done: 1,
            overdue: 2,
        }
    );
}
