//! The Vote phase: dots within the budget and the cap, moved and taken back.

use super::*;

#[test]
fn votes_stay_within_the_budget() {
    let mut s = standard_with(Phase::Vote, settings(4, 2));
    for idea in [Cast::I1, Cast::I1, Cast::I2, Cast::I3] {
        s.vote(Cast::ALICE, idea).unwrap();
    }
    assert_eq!(s.state.votes_used(Cast::ALICE), 4);
    for idea in [Cast::I4, Cast::I3, Cast::I1] {
        // Budget is checked first, even where the cap is also reached (I1).
        assert_eq!(
            s.refuse(p(Cast::ALICE), Command::CastVote { idea }),
            DomainError::VoteBudgetExceeded { budget: 4 }
        );
    }
    // Others still have their own budgets.
    s.vote(Cast::BOB, Cast::I4).unwrap();
    // Taking one back makes room again.
    s.exec(p(Cast::ALICE), Command::RetractVote { idea: Cast::I2 });
    s.vote(Cast::ALICE, Cast::I4).unwrap();
    assert_eq!(s.state.votes_used(Cast::ALICE), 4);
}

#[test]
fn votes_on_one_idea_stay_within_the_cap() {
    let mut s = standard_with(Phase::Vote, settings(5, 2));
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::CastVote { idea: Cast::I1 }),
        DomainError::VoteCapExceeded { cap: 2 }
    );
    // The cap is per participant: Bob can still put two there.
    s.vote(Cast::BOB, Cast::I1).unwrap();
    s.vote(Cast::BOB, Cast::I1).unwrap();
    assert_eq!(s.state.compute_tallies()[&Cast::I1], 4);
    assert_eq!(
        s.vote(Cast::BOB, Cast::I1),
        Err(DomainError::VoteCapExceeded { cap: 2 })
    );
}

#[test]
fn votes_go_to_live_ideas_only() {
    let mut s = standard_in(Phase::Vote);
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::CastVote { idea: IdeaId(99) }),
        DomainError::UnknownIdea
    );
    s.exec(
        Actor::Facilitator,
        Command::HideIdea {
            idea: Cast::I2,
            hidden: true,
        },
    );
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::CastVote { idea: Cast::I2 }),
        DomainError::UnknownIdea
    );
}

#[test]
fn retracting_needs_a_vote() {
    let mut s = standard_in(Phase::Vote);
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 }),
        DomainError::NoVote
    );
    s.vote(Cast::BOB, Cast::I1).unwrap();
    // Bob's vote is not Alice's.
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 }),
        DomainError::NoVote
    );
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::RetractVote { idea: IdeaId(99) }),
        DomainError::NoVote
    );
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    assert_eq!(
        s.exec(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 }),
        vec![Event::VoteRetracted {
            participant: Cast::ALICE,
            idea: Cast::I1
        }]
    );
    assert_eq!(s.state.votes_on(Cast::ALICE, Cast::I1), 1);
    s.exec(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 });
    assert_eq!(s.state.votes_on(Cast::ALICE, Cast::I1), 0);
    assert!(
        !s.state.votes.contains_key(&Cast::ALICE),
        "empty vote maps are dropped"
    );
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 }),
        DomainError::NoVote
    );
}

#[test]
fn moving_a_vote_keeps_the_budget_and_respects_the_cap() {
    let mut s = standard_with(Phase::Vote, settings(3, 2));
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I3).unwrap();
    assert_eq!(s.state.votes_used(Cast::ALICE), 3);

    // With the budget spent, a move is still possible: it is one dot, not two.
    assert_eq!(
        s.exec(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I1,
                to: Cast::I4
            }
        ),
        vec![
            Event::VoteRetracted {
                participant: Cast::ALICE,
                idea: Cast::I1
            },
            Event::VoteCast {
                participant: Cast::ALICE,
                idea: Cast::I4
            },
        ]
    );
    assert_eq!(s.state.votes_used(Cast::ALICE), 3);
    assert_eq!(s.state.votes_on(Cast::ALICE, Cast::I1), 1);
    assert_eq!(s.state.votes_on(Cast::ALICE, Cast::I4), 1);

    s.exec(
        p(Cast::ALICE),
        Command::MoveVote {
            from: Cast::I1,
            to: Cast::I4,
        },
    );
    // I4 is at the cap now.
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I3,
                to: Cast::I4
            }
        ),
        DomainError::VoteCapExceeded { cap: 2 }
    );
    // Nothing on I1 any more.
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I1,
                to: Cast::I2
            }
        ),
        DomainError::NoVote
    );
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I3,
                to: IdeaId(99)
            }
        ),
        DomainError::UnknownIdea
    );
    // Moving onto the same idea is a no-op, even at the cap.
    assert_eq!(
        s.exec(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I4,
                to: Cast::I4
            }
        ),
        vec![]
    );
    s.exec(
        Actor::Facilitator,
        Command::HideIdea {
            idea: Cast::I2,
            hidden: true,
        },
    );
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::MoveVote {
                from: Cast::I3,
                to: Cast::I2
            }
        ),
        DomainError::UnknownIdea
    );
    assert_eq!(s.state.votes_used(Cast::ALICE), 3);
}

#[test]
fn dots_on_a_hidden_idea_stay_their_voters_to_take_back() {
    let mut s = standard_with(Phase::Vote, settings(3, 3));
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    s.vote(Cast::ALICE, Cast::I2).unwrap();
    s.vote(Cast::DAVE, Cast::I1).unwrap();
    s.vote(Cast::BOB, Cast::I3).unwrap();
    let hide = Command::HideIdea {
        idea: Cast::I1,
        hidden: true,
    };
    assert_eq!(
        s.exec(Actor::Facilitator, hide),
        vec![Event::IdeaHidden {
            idea: Cast::I1,
            author: Some(Cast::CAROL)
        }],
        "no refund: it would tell everyone the idea's tally"
    );
    assert_eq!(s.state.total_votes(), 5);
    assert_eq!(s.state.stranded_votes(Cast::ALICE), vec![(Cast::I1, 2)]);
    // Her "my votes" lists only the idea still on the board.
    assert_eq!(s.state.placed_votes(Cast::ALICE), vec![(Cast::I2, 1)]);
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::CastVote { idea: Cast::I4 }),
        DomainError::VoteBudgetExceeded { budget: 3 }
    );
    // Alice moves one to a live idea and takes the other back.
    s.exec(
        p(Cast::ALICE),
        Command::MoveVote {
            from: Cast::I1,
            to: Cast::I4,
        },
    );
    s.exec(p(Cast::ALICE), Command::RetractVote { idea: Cast::I1 });
    assert!(s.state.stranded_votes(Cast::ALICE).is_empty());
    assert_eq!(s.state.votes_used(Cast::ALICE), 2);
    assert_eq!(
        s.state.placed_votes(Cast::ALICE),
        vec![(Cast::I2, 1), (Cast::I4, 1)]
    );
    assert_eq!(s.state.stranded_votes(Cast::DAVE), vec![(Cast::I1, 1)]);
}

/// Vote budget and cap cannot change once voting has begun: not in Vote or later,
/// and not by stepping back from Vote to Ideas while dots are on the board.
#[test]
fn the_vote_budget_is_fixed_once_voting_starts() {
    let mut s = standard_with(Phase::Vote, settings(5, 3));
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: settings(4, 3)
            }
        ),
        DomainError::WrongPhase {
            expected: "a phase before Vote to change the vote budget",
            actual: Phase::Vote
        }
    );
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: settings(5, 2)
            }
        ),
        DomainError::WrongPhase {
            expected: "a phase before Vote to change the vote budget",
            actual: Phase::Vote
        }
    );
    // Other settings may still change.
    let own = Settings {
        allow_own_department_ideas: true,
        ..settings(5, 3)
    };
    s.exec(
        Actor::Facilitator,
        Command::UpdateSettings { settings: own },
    );

    // Spend the budget, step back to Ideas, try to shrink it.
    for idea in [Cast::I1, Cast::I1, Cast::I1, Cast::I2, Cast::I2] {
        s.vote(Cast::ALICE, idea).unwrap();
    }
    s.exec(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Ideas,
        },
    );
    assert!(matches!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: settings(2, 2)
            }
        ),
        DomainError::InvalidSettings(_)
    ));
    assert!(matches!(
        s.refuse(
            Actor::Facilitator,
            Command::UpdateSettings {
                settings: settings(5, 2)
            }
        ),
        DomainError::InvalidSettings(_)
    ));
    assert_eq!(s.state.settings.vote_budget, 5);
    // Growing the budget and the cap does not put anybody over either.
    s.exec(
        Actor::Facilitator,
        Command::UpdateSettings {
            settings: settings(6, 4),
        },
    );
    assert_eq!(s.state.settings.vote_budget, 6);
    assert_eq!(s.state.votes_used(Cast::ALICE), 5);
}

#[test]
fn vote_settings_may_change_freely_before_anyone_votes() {
    let mut s = standard_in(Phase::Vote);
    s.exec(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Ideas,
        },
    );
    s.exec(
        Actor::Facilitator,
        Command::UpdateSettings {
            settings: settings(2, 1),
        },
    );
    s.exec(Actor::Facilitator, Command::SetPhase { phase: Phase::Vote });
    s.vote(Cast::ALICE, Cast::I1).unwrap();
    assert_eq!(
        s.vote(Cast::ALICE, Cast::I1),
        Err(DomainError::VoteCapExceeded { cap: 1 })
    );
    s.vote(Cast::ALICE, Cast::I2).unwrap();
    assert_eq!(
        s.vote(Cast::ALICE, Cast::I3),
        Err(DomainError::VoteBudgetExceeded { budget: 2 })
    );
}
