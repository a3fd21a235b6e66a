//! Carrying action items over into the next summit: the open agreed items of an
//! earlier summit come with their history into a Review phase before Problems,
//! where the facilitator marks each done, continue or drop; continuing ones are
//! this summit's action items from then on.

use super::*;

/// The standard departments (Sales, Engineering, Support), carrying over the three
/// open items of [`earlier_summit`]: of Sales, Support and Legal (which this summit
/// lacks).
fn carrying() -> Summit {
    let earlier = earlier_summit(3);
    let mut s = Summit::carrying(
        &["Sales", "Engineering", "Support"],
        Settings::default(),
        Some(&earlier),
    );
    s.join("Alice", 1);
    s
}

fn review(id: u32, verdict: Verdict) -> Command {
    Command::ReviewCarried {
        id: ActionId(id),
        verdict,
        department: None,
    }
}

#[test]
fn open_items_come_over_with_their_history_and_done_ones_stay_behind() {
    let s = carrying();
    let carried: Vec<&ActionItem> = s.state.carried_actions().collect();
    assert_eq!(carried.len(), 3, "the done item stays behind");
    let first = carried[0];
    assert_eq!(first.id, ActionId(1));
    assert_eq!(first.title, "Earlier action 0");
    assert_eq!(first.status, ActionStatus::InProgress);
    assert_eq!(first.notes.len(), 1, "its progress notes come with it");
    assert_eq!(first.problem, None);
    let origin = first.carried.as_ref().unwrap();
    assert_eq!(origin.from, "Quarterly summit");
    assert_eq!(origin.problem, "Promos nobody told support about");
    assert_eq!(origin.verdict, None);
    // Departments are matched by name; one this summit lacks goes to its first.
    let departments: Vec<DepartmentId> = carried.iter().map(|a| a.department).collect();
    assert_eq!(
        departments,
        vec![DepartmentId(1), DepartmentId(3), DepartmentId(1)]
    );
    assert_eq!(carried[2].carried.as_ref().unwrap().department, "Legal");
    // Undecided, nothing leaves the room yet.
    assert_eq!(s.state.agreed_actions().count(), 0);
    assert!(s.state.actions_with_first(None).is_empty());
}

#[test]
fn review_comes_between_lobby_and_problems_only_when_items_were_carried() {
    let mut s = carrying();
    assert_eq!(s.state.next_phase(), Some(Phase::Review));
    s.exec(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Review,
        },
    );
    assert_eq!(s.state.previous_phase(), Some(Phase::Lobby));
    assert_eq!(s.state.next_phase(), Some(Phase::Problems));
    assert_eq!(s.state.phases().count(), 8);

    let mut plain = standard_in(Phase::Lobby);
    assert_eq!(plain.state.next_phase(), Some(Phase::Problems));
    assert_eq!(plain.state.phases().count(), 7);
    assert!(matches!(
        plain.refuse(
            Actor::Facilitator,
            Command::SetPhase {
                phase: Phase::Review
            }
        ),
        DomainError::PhaseStep { .. }
    ));
    plain.exec(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Problems,
        },
    );
    assert_eq!(plain.state.previous_phase(), Some(Phase::Lobby));
}

#[test]
fn continuing_items_join_this_summits_action_items() {
    let mut s = carrying();
    s.advance_to(Phase::Review);
    let events = s.exec(Actor::Facilitator, review(1, Verdict::Continue));
    assert_eq!(
        events,
        vec![Event::CarriedReviewed {
            action: ActionId(1),
            verdict: Verdict::Continue,
            department: DepartmentId(1),
        }]
    );
    s.exec(Actor::Facilitator, review(2, Verdict::Done));
    s.exec(Actor::Facilitator, review(3, Verdict::Drop));
    let agreed: Vec<ActionId> = s.state.agreed_actions().map(|a| a.id).collect();
    assert_eq!(agreed, vec![ActionId(1)]);
    assert_eq!(s.state.actions_with_first(None), vec![ActionId(1)]);
    // A change of mind, in Review.
    s.exec(Actor::Facilitator, review(3, Verdict::Continue));
    assert_eq!(s.state.agreed_actions().count(), 2);
    s.exec(Actor::Facilitator, review(1, Verdict::Drop));
    let agreed: Vec<ActionId> = s.state.agreed_actions().map(|a| a.id).collect();
    assert_eq!(agreed, vec![ActionId(3)]);
}

#[test]
fn a_continuing_item_may_change_department() {
    let mut s = carrying();
    s.advance_to(Phase::Review);
    s.exec(
        Actor::Facilitator,
        Command::ReviewCarried {
            id: ActionId(3),
            verdict: Verdict::Continue,
            department: Some(DepartmentId(2)),
        },
    );
    assert_eq!(s.state.actions[&ActionId(3)].department, DepartmentId(2));
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::ReviewCarried {
                id: ActionId(3),
                verdict: Verdict::Continue,
                department: Some(DepartmentId(9)),
            },
        ),
        DomainError::UnknownDepartment
    );
}

#[test]
fn only_the_facilitator_reviews_only_carried_items_only_in_review() {
    let mut s = carrying();
    // Not yet in Review.
    assert!(matches!(
        s.refuse(Actor::Facilitator, review(1, Verdict::Continue)),
        DomainError::WrongPhase { .. }
    ));
    s.advance_to(Phase::Review);
    assert_eq!(
        s.refuse(p(ParticipantId(1)), review(1, Verdict::Continue)),
        DomainError::FacilitatorOnly
    );
    assert_eq!(
        s.refuse(Actor::Lead, review(1, Verdict::Continue)),
        DomainError::FacilitatorOnly
    );
    assert_eq!(
        s.refuse(Actor::Facilitator, review(9, Verdict::Continue)),
        DomainError::UnknownAction
    );
    // After Review the verdicts stand.
    s.exec(Actor::Facilitator, review(1, Verdict::Continue));
    s.advance_to(Phase::Problems);
    assert!(matches!(
        s.refuse(Actor::Facilitator, review(1, Verdict::Drop)),
        DomainError::WrongPhase { .. }
    ));
}

#[test]
fn a_continuing_item_is_followed_up_and_edited_without_a_problem_of_this_summit() {
    let mut s = carrying();
    s.advance_to(Phase::Review);
    s.exec(Actor::Facilitator, review(1, Verdict::Continue));
    s.exec(Actor::Facilitator, review(2, Verdict::Drop));
    s.force_phase(Phase::Plan);
    s.exec(
        Actor::Lead,
        Command::SetActionStatus {
            id: ActionId(1),
            status: ActionStatus::Done,
        },
    );
    // The facilitator's edit keeps where it came from and its notes.
    let mut d = draft(Cast::P_SALES, None, DepartmentId(2));
    d.problem = None;
    d.title = "Shared launch calendar, phase 2".into();
    s.exec(
        Actor::Facilitator,
        Command::UpdateAction {
            id: ActionId(1),
            action: d.clone(),
        },
    );
    let item = &s.state.actions[&ActionId(1)];
    assert_eq!(item.title, "Shared launch calendar, phase 2");
    assert!(item.carried.is_some());
    assert_eq!(item.notes.len(), 1);
    assert_eq!(
        s.state.action_problem(item),
        Some("Promos nobody told support about")
    );
    // A dropped one is not this summit's.
    assert_eq!(
        s.refuse(
            Actor::Lead,
            Command::SetActionStatus {
                id: ActionId(2),
                status: ActionStatus::Done,
            },
        ),
        DomainError::NotAgreed
    );
    // A new item still answers one of this summit's problems.
    assert_eq!(
        s.refuse(Actor::Facilitator, Command::CreateAction { action: d }),
        DomainError::UnknownProblem
    );
}

#[test]
fn the_carry_link_names_the_earlier_summit() {
    use summit_shared::api::paths::parse_carry_link;
    let from = parse_carry_link(" https://summit.example/s/AbC-_1/facilitate#key=k3y_-Z ").unwrap();
    assert_eq!(from.session, "AbC-_1");
    assert_eq!(from.key, "k3y_-Z");
    assert!(parse_carry_link("/s/abc/actions#key=xyz").is_some());
    for bad in [
        "",
        "https://summit.example/s/abc/facilitate",
        "https://summit.example/s/abc/screen#key=xyz",
        "https://summit.example/join/ABC123",
        "https://summit.example/s/abc/actions#key=",
        "https://summit.example/s/a%20b/actions#key=xyz",
    ] {
        assert_eq!(parse_carry_link(bad), None, "{bad}");
    }
}

#[test]
fn items_left_behind_take_no_room_and_continuing_ones_do() {
    let mut s = carrying();
    s.state.bounds.actions = 2;
    s.advance_to(Phase::Review);
    s.exec(Actor::Facilitator, review(1, Verdict::Continue));
    s.exec(Actor::Facilitator, review(2, Verdict::Continue));
    assert_eq!(
        s.refuse(Actor::Facilitator, review(3, Verdict::Continue)),
        DomainError::ActionLimit { max: 2 }
    );
    // Dropping one makes room for another; a verdict other than continue needs none.
    s.exec(Actor::Facilitator, review(2, Verdict::Drop));
    s.exec(Actor::Facilitator, review(3, Verdict::Continue));
    s.exec(Actor::Facilitator, review(2, Verdict::Done));
    assert_eq!(s.state.actions_in_room(), 2);
}

#[test]
fn only_the_latest_notes_and_no_hidden_words_come_over() {
    let mut earlier = earlier_summit(1);
    let item = earlier.actions.get_mut(&ActionId(1)).unwrap();
    let note = item.notes[0].clone();
    item.notes = vec![note; limits::NOTES_CARRIED + 5];
    item.notes[5].text = "the first one kept".into();
    let problem = item.problem.unwrap();
    earlier.problems.get_mut(&problem).unwrap().hidden = true;
    let s = Summit::carrying(&["Sales", "Support"], Settings::default(), Some(&earlier));
    let carried = &s.state.actions[&ActionId(1)];
    assert_eq!(carried.notes.len(), limits::NOTES_CARRIED);
    assert_eq!(carried.notes[0].text, "the first one kept");
    assert_eq!(carried.carried.as_ref().unwrap().problem, "");
}

/// The note the server writes in the earlier summit's language, here a plain one.
fn note(report: ReviewReport, title: &str) -> String {
    format!("{report:?} in {title}")
}

/// Gives `commands` to `earlier` as a lead, as the server does.
fn tell(earlier: &mut SessionState, commands: &[Command]) {
    for command in commands {
        let events = decide(earlier, Actor::Lead, command, T0).expect("a lead may");
        events.iter().for_each(|e| earlier.apply(e));
    }
}

/// The earlier summit's leads mark `id` done themselves.
fn finished_by_its_leads(earlier: &mut SessionState, id: u32) {
    tell(
        earlier,
        &[Command::SetActionStatus {
            id: ActionId(id),
            status: ActionStatus::Done,
        }],
    );
}

/// Reports the verdict on `id` to `earlier`, as the server does.
fn report(s: &Summit, id: u32, earlier: &mut SessionState) {
    let told = s.state.report_to_earlier(ActionId(id), earlier, note);
    tell(earlier, &told);
}

/// [`carrying`] in Review, and the earlier summit it came from.
fn reviewing() -> (Summit, SessionState) {
    let mut s = carrying();
    s.advance_to(Phase::Review);
    (s, earlier_summit(3))
}

fn notes(earlier: &SessionState, id: u32) -> Vec<&str> {
    earlier.actions[&ActionId(id)]
        .notes
        .iter()
        .map(|n| n.text.as_str())
        .collect()
}

#[test]
fn a_done_item_is_done_in_the_earlier_summit_with_a_note() {
    let (mut s, mut earlier) = reviewing();
    let origin = s.state.actions[&ActionId(1)]
        .carried
        .as_ref()
        .unwrap()
        .origin;
    assert_eq!(origin, Some(ActionId(1)), "each item knows its id there");
    assert!(
        s.state
            .report_to_earlier(ActionId(1), &earlier, note)
            .is_empty(),
        "undecided: nothing to say"
    );
    s.exec(Actor::Facilitator, review(1, Verdict::Done));
    let told = s.state.report_to_earlier(ActionId(1), &earlier, note);
    assert_eq!(
        told,
        vec![
            Command::SetActionStatus {
                id: ActionId(1),
                status: ActionStatus::Done
            },
            Command::AddNote {
                id: ActionId(1),
                text: "Done in Quarterly summit".into()
            },
        ]
    );
    tell(&mut earlier, &told);
    let there = &earlier.actions[&ActionId(1)];
    assert_eq!(there.status, ActionStatus::Done);
    assert_eq!(there.notes.last().unwrap().by, NoteAuthor::Lead);
    assert!(
        s.state
            .report_to_earlier(ActionId(1), &earlier, note)
            .is_empty(),
        "said once"
    );
}

#[test]
fn a_changed_mind_undoes_the_done_it_reported() {
    let (mut s, mut earlier) = reviewing();
    s.exec(Actor::Facilitator, review(1, Verdict::Done));
    report(&s, 1, &mut earlier);
    // Continue after all: in progress there again, as it came over.
    s.exec(Actor::Facilitator, review(1, Verdict::Continue));
    report(&s, 1, &mut earlier);
    assert_eq!(
        earlier.actions[&ActionId(1)].status,
        ActionStatus::InProgress
    );
    assert_eq!(
        notes(&earlier, 1)[1..],
        ["Done in Quarterly summit", "Continue in Quarterly summit"]
    );
}

#[test]
fn continue_and_drop_leave_the_status_its_leads_set() {
    let (mut s, mut earlier) = reviewing();
    // Since the new summit was created, item 2's lead has finished it.
    finished_by_its_leads(&mut earlier, 2);
    s.exec(Actor::Facilitator, review(2, Verdict::Drop));
    let told = s.state.report_to_earlier(ActionId(2), &earlier, note);
    assert_eq!(
        told,
        vec![Command::AddNote {
            id: ActionId(2),
            text: "Drop in Quarterly summit".into()
        }],
        "a note only: the status stays the lead's"
    );
    s.exec(Actor::Facilitator, review(3, Verdict::Continue));
    let told = s.state.report_to_earlier(ActionId(3), &earlier, note);
    assert!(matches!(told[..], [Command::AddNote { .. }]), "{told:?}");
}

#[test]
fn a_done_its_leads_set_stays_when_the_room_changes_its_mind() {
    let (mut s, mut earlier) = reviewing();
    finished_by_its_leads(&mut earlier, 2);
    s.exec(Actor::Facilitator, review(2, Verdict::Done));
    let told = s.state.report_to_earlier(ActionId(2), &earlier, note);
    assert_eq!(
        told,
        vec![Command::AddNote {
            id: ActionId(2),
            text: "Confirmed in Quarterly summit".into()
        }],
        "already done there: a note, no status"
    );
    tell(&mut earlier, &told);
    s.exec(Actor::Facilitator, review(2, Verdict::Continue));
    report(&s, 2, &mut earlier);
    assert_eq!(
        earlier.actions[&ActionId(2)].status,
        ActionStatus::Done,
        "the leads' own done is not undone"
    );
    s.exec(Actor::Facilitator, review(2, Verdict::Done));
    report(&s, 2, &mut earlier);
    assert_eq!(
        notes(&earlier, 2),
        [
            "Confirmed in Quarterly summit",
            "Continue in Quarterly summit",
            "Confirmed in Quarterly summit"
        ]
    );
}

#[test]
fn a_done_reported_twice_is_said_once() {
    let (mut s, mut earlier) = reviewing();
    s.exec(Actor::Facilitator, review(2, Verdict::Done));
    report(&s, 2, &mut earlier);
    // The same verdict given again (a second server, a retried request): the item
    // is done there now, by this report, and hears nothing more.
    s.exec(Actor::Facilitator, review(2, Verdict::Done));
    assert_eq!(
        s.state.report_to_earlier(ActionId(2), &earlier, note),
        vec![]
    );
    assert_eq!(notes(&earlier, 2), ["Done in Quarterly summit"]);
}

#[test]
fn clicking_back_and_forth_writes_a_few_notes_not_a_flood() {
    let (mut s, mut earlier) = reviewing();
    let max = limits::NOTES_FROM_REVIEW;
    for round in 0..=max {
        let verdict = if round % 2 == 0 {
            Verdict::Done
        } else {
            Verdict::Drop
        };
        s.exec(Actor::Facilitator, review(2, verdict));
        report(&s, 2, &mut earlier);
    }
    // The earlier summit heard the first decisions, its status and notes agreeing
    // (the last heard: drop, so open as it came over), and nothing after.
    assert_eq!(notes(&earlier, 2).len(), max);
    assert_eq!(notes(&earlier, 2).last(), Some(&"Drop in Quarterly summit"));
    assert_eq!(earlier.actions[&ActionId(2)].status, ActionStatus::Open);
}

#[test]
fn a_renewed_or_revoked_follow_up_link_ends_the_reports() {
    let mut earlier = earlier_summit(3);
    let issue = Command::IssueLink {
        link: LinkKind::FollowUp,
    };
    tell_facilitator(&mut earlier, &issue);
    let generation = earlier.links.generation(LinkKind::FollowUp);
    let setup = SessionSetup {
        title: "Next summit".into(),
        departments: vec!["Sales".into(), "Support".into()],
        settings: Settings::default(),
        carry_from: None,
    };
    let from = CarriedFrom {
        session: SessionId(EARLIER_ID.into()),
        link: generation,
    };
    let created = create_session(
        &setup,
        Some(Earlier {
            state: &earlier.view_for(Viewer::Lead),
            from,
        }),
        T0,
    )
    .unwrap();
    let mut s = Summit {
        state: SessionState::replay([&created]),
        log: vec![created],
        now: T0,
    };
    s.advance_to(Phase::Review);
    s.exec(Actor::Facilitator, review(1, Verdict::Done));
    assert_eq!(
        s.state.report_to_earlier(ActionId(1), &earlier, note).len(),
        2
    );
    // Renewed: the old key, and what it carried over, has no say any more.
    tell_facilitator(&mut earlier, &issue);
    assert!(s
        .state
        .report_to_earlier(ActionId(1), &earlier, note)
        .is_empty());
    tell_facilitator(
        &mut earlier,
        &Command::RevokeLink {
            link: LinkKind::FollowUp,
        },
    );
    assert!(s
        .state
        .report_to_earlier(ActionId(1), &earlier, note)
        .is_empty());
}

fn tell_facilitator(earlier: &mut SessionState, command: &Command) {
    let events = decide(earlier, Actor::Facilitator, command, T0).expect("the facilitator may");
    events.iter().for_each(|e| earlier.apply(e));
}

#[test]
fn nothing_is_said_of_items_the_earlier_summit_no_longer_follows_up() {
    let (mut s, full) = reviewing();
    s.exec(Actor::Facilitator, review(1, Verdict::Done));
    // Its notes are full there: nothing, as the notes could not say so.
    let mut earlier = full.clone();
    let item = earlier.actions.get_mut(&ActionId(1)).unwrap();
    let last = item.notes[0].clone();
    item.notes = vec![last; limits::NOTES_PER_ACTION as usize];
    assert!(s
        .state
        .report_to_earlier(ActionId(1), &earlier, note)
        .is_empty());
    // Deleted there since: nothing.
    let mut earlier = full.clone();
    earlier.actions.remove(&ActionId(1));
    assert!(s
        .state
        .report_to_earlier(ActionId(1), &earlier, note)
        .is_empty());
    // An id this summit does not hold, or an item carried over before items knew
    // their id there: nothing.
    assert!(s
        .state
        .report_to_earlier(ActionId(99), &full, note)
        .is_empty());
    let mut before = s.state.clone();
    before
        .actions
        .get_mut(&ActionId(1))
        .unwrap()
        .carried
        .as_mut()
        .unwrap()
        .origin = None;
    assert!(before
        .report_to_earlier(ActionId(1), &full, note)
        .is_empty());
}

#[test]
fn the_earlier_summit_is_the_servers_only() {
    let s = carrying();
    let named = |from: &Option<CarriedFrom>| from.as_ref().map(|f| f.session.0.clone());
    assert_eq!(named(&s.state.carried_from).as_deref(), Some(EARLIER_ID));
    let Event::SessionCreated { carried_from, .. } = &s.log[0] else {
        panic!("the log starts with the session");
    };
    assert_eq!(
        named(carried_from).as_deref(),
        Some(EARLIER_ID),
        "in the log"
    );
    for viewer in [
        Viewer::Facilitator,
        Viewer::Participant(ParticipantId(1)),
        Viewer::Screen,
        Viewer::Lead,
    ] {
        assert_eq!(s.state.view_for(viewer).carried_from, None, "{viewer:?}");
        let Event::SessionCreated { carried_from, .. } =
            summit_shared::view::project(&s.log[0], viewer, false)
        else {
            panic!("still the session's creation");
        };
        assert_eq!(carried_from, None, "{viewer:?}");
    }
    // A summit that carried nothing over names no earlier one.
    let nothing = Summit::carrying(
        &["Sales", "Support"],
        Settings::default(),
        Some(&SessionState::default()),
    );
    assert_eq!(nothing.state.carried_from, None);
}
