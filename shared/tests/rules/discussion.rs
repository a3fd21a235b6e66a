//! Comments and reactions: when, by whom, how many, and hiding comments.

use super::*;

const F: Actor = Actor::Facilitator;

fn comment(card: Card, text: &str) -> Command {
    Command::AddComment {
        card,
        text: text.into(),
    }
}

fn react(card: Card, on: bool) -> Command {
    Command::React {
        card,
        reaction: Reaction::PlusOne,
        on,
    }
}

#[test]
fn participants_comment_in_problems_ideas_and_plan_only() {
    let sales = Card::Problem(Cast::P_SALES);
    let mut s = standard_in(Phase::Problems);
    s.exec(p(Cast::CAROL), comment(sales, "Since when?"));
    assert_eq!(s.state.comments_on(sales).count(), 1);
    s.advance_to(Phase::Pick);
    assert!(matches!(
        s.refuse(p(Cast::CAROL), comment(sales, "Now?")),
        DomainError::WrongPhase { .. }
    ));
    let mut s = standard_in(Phase::Vote);
    assert!(matches!(
        s.refuse(p(Cast::CAROL), react(Card::Idea(Cast::I1), true)),
        DomainError::WrongPhase { .. }
    ));
    s.advance_to(Phase::Plan);
    s.exec(
        p(Cast::CAROL),
        comment(Card::Idea(Cast::I1), "I can own it"),
    );
    assert_eq!(
        s.refuse(F, comment(sales, "Facilitator?")),
        DomainError::ParticipantOnly
    );
}

#[test]
fn a_comment_is_short_and_not_empty() {
    let mut s = standard_in(Phase::Problems);
    let card = Card::Problem(Cast::P_SALES);
    assert!(matches!(
        s.refuse(p(Cast::BOB), comment(card, "   ")),
        DomainError::Empty { .. }
    ));
    let long = "x".repeat(limits::COMMENT_MAX + 1);
    assert!(matches!(
        s.refuse(p(Cast::BOB), comment(card, &long)),
        DomainError::TooLong { max: 280, .. }
    ));
    s.exec(
        p(Cast::BOB),
        comment(card, &"x".repeat(limits::COMMENT_MAX)),
    );
}

#[test]
fn one_person_cannot_flood_a_room_with_comments() {
    let mut s = standard_in(Phase::Problems);
    let card = Card::Problem(Cast::P_ENG);
    for i in 0..limits::COMMENTS_PER_PARTICIPANT {
        s.exec(p(Cast::BOB), comment(card, &format!("Remark {i}")));
    }
    assert_eq!(
        s.refuse(p(Cast::BOB), comment(card, "One more")),
        DomainError::CommentLimit { max: 30 }
    );
    assert_eq!(s.state.comments_left(Cast::BOB), 0);
    s.exec(p(Cast::ALICE), comment(card, "Someone else may"));
}

#[test]
fn a_reaction_counts_once_per_person_and_is_taken_back() {
    let mut s = standard_in(Phase::Problems);
    let card = Card::Problem(Cast::P_SUPPORT);
    s.exec(p(Cast::ALICE), react(card, true));
    assert_eq!(
        s.exec(p(Cast::ALICE), react(card, true)),
        vec![],
        "again: nothing"
    );
    s.exec(p(Cast::BOB), react(card, true));
    assert_eq!(s.state.reactions_to(card, Reaction::PlusOne), 2);
    s.exec(p(Cast::ALICE), react(card, false));
    assert_eq!(s.state.reactions_to(card, Reaction::PlusOne), 1);
    assert!(!s.state.has_reacted(Cast::ALICE, card, Reaction::PlusOne));
    // Each viewer counts the others without learning who they are.
    let alice = s.state.view_for(Viewer::Participant(Cast::ALICE));
    assert_eq!(alice.reactions_to(card, Reaction::PlusOne), 1);
    assert!(alice.reactions.iter().all(|r| r.by.is_empty()));
}

#[test]
fn the_facilitator_hides_a_comment_and_restores_it() {
    let mut s = standard_in(Phase::Problems);
    let card = Card::Problem(Cast::P_SALES);
    s.exec(p(Cast::DAVE), comment(card, "Off topic"));
    let id = CommentId(1);
    let hide = |hidden| Command::HideComment {
        comment: id,
        hidden,
    };
    assert_eq!(
        s.refuse(p(Cast::ALICE), hide(true)),
        DomainError::FacilitatorOnly
    );
    s.exec(F, hide(true));
    assert_eq!(s.state.comments_on(card).count(), 0);
    assert!(!s
        .state
        .view_for(Viewer::Participant(Cast::ALICE))
        .comments
        .contains_key(&id));
    assert!(s
        .state
        .view_for(Viewer::Participant(Cast::DAVE))
        .comments
        .contains_key(&id));
    s.exec(F, hide(false));
    assert_eq!(s.state.comments_on(card).count(), 1);
    assert_eq!(
        s.refuse(
            F,
            Command::HideComment {
                comment: CommentId(9),
                hidden: true
            }
        ),
        DomainError::UnknownComment
    );
}

#[test]
fn a_merged_cards_comments_go_with_it() {
    let mut s = standard_in(Phase::Problems);
    let dup = s.submit_problem(Cast::BOB, "Leads get cold");
    s.exec(p(Cast::CAROL), comment(Card::Problem(dup), "Which leads?"));
    s.exec(
        F,
        Command::Merge {
            card: Card::Problem(dup),
            into: Card::Problem(Cast::P_SALES),
        },
    );
    assert_eq!(s.state.comments_on(Card::Problem(Cast::P_SALES)).count(), 1);
}

#[test]
fn an_author_is_told_what_of_theirs_was_hidden() {
    let mut s = standard_in(Phase::Problems);
    let card = Card::Problem(Cast::P_SALES);
    s.exec(p(Cast::DAVE), comment(card, "Off topic"));
    s.exec(
        F,
        Command::HideComment {
            comment: CommentId(1),
            hidden: true,
        },
    );
    s.exec(
        F,
        Command::HideProblem {
            problem: Cast::P_SALES,
            hidden: true,
        },
    );
    let dave = s.state.view_for(Viewer::Participant(Cast::DAVE));
    assert_eq!(
        dave.hidden_of(Cast::DAVE).collect::<Vec<_>>(),
        ["Off topic"]
    );
    let alice = s.state.view_for(Viewer::Participant(Cast::ALICE));
    let alices = s.state.problems[&Cast::P_SALES].text.clone();
    assert_eq!(alice.hidden_of(Cast::ALICE).collect::<Vec<_>>(), [alices]);
    // Bob, whose nothing was hidden, is told nothing (and sees neither).
    let bob = s.state.view_for(Viewer::Participant(Cast::BOB));
    assert_eq!(bob.hidden_of(Cast::BOB).count(), 0);
    assert_eq!(bob.hidden_of(Cast::ALICE).count(), 0);
}
