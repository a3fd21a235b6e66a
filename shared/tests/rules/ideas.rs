//! The Ideas phase: ideas for the other departments' picked problems, and withdrawing them.

use super::*;

#[test]
fn ideas_go_to_other_departments_unless_allowed() {
    let mut s = standard_in(Phase::Ideas);
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::SubmitIdea {
                problem: Cast::P_SALES,
                text: "x".into()
            }
        ),
        DomainError::OwnDepartmentIdea
    );
    let id = s.submit_idea(Cast::CAROL, Cast::P_SALES, "Shadow a sales call");
    let idea = &s.state.ideas[&id];
    assert_eq!(idea.department, Cast::ENGINEERING);
    assert_eq!(idea.problem, Cast::P_SALES);
    assert_eq!(idea.author, Some(Cast::CAROL));

    let allowed = Settings {
        allow_own_department_ideas: true,
        ..Settings::default()
    };
    let mut s = standard_with(Phase::Ideas, allowed);
    let id = s.submit_idea(Cast::ALICE, Cast::P_SALES, "Call leads within a day");
    assert_eq!(s.state.ideas[&id].department, Cast::SALES);
}

#[test]
fn the_own_department_setting_can_be_switched_on_later() {
    let mut s = standard_in(Phase::Ideas);
    let allowed = Settings {
        allow_own_department_ideas: true,
        ..Settings::default()
    };
    s.exec(
        Actor::Facilitator,
        Command::UpdateSettings { settings: allowed },
    );
    s.submit_idea(Cast::ALICE, Cast::P_SALES, "Call leads within a day");
}

#[test]
fn ideas_go_to_picked_problems_only() {
    let mut s = standard_in(Phase::Ideas);
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::SubmitIdea {
                problem: Cast::P_SUPPORT,
                text: "x".into()
            }
        ),
        DomainError::ProblemNotPicked
    );
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::SubmitIdea {
                problem: ProblemId(9),
                text: "x".into()
            }
        ),
        DomainError::UnknownProblem
    );
    // A picked problem stays in view: ideas hang on it.
    assert_eq!(
        s.refuse(
            Actor::Facilitator,
            Command::HideProblem {
                problem: Cast::P_ENG,
                hidden: true,
            },
        ),
        DomainError::ProblemPicked
    );
}

#[test]
fn participants_withdraw_their_own_ideas_only_in_the_ideas_phase() {
    let mut s = standard_in(Phase::Vote);
    assert_eq!(
        s.refuse(p(Cast::CAROL), Command::WithdrawIdea { idea: Cast::I1 }),
        DomainError::WrongPhase {
            expected: "the Ideas phase",
            actual: Phase::Vote
        }
    );
    assert_eq!(
        s.refuse(p(Cast::ALICE), Command::WithdrawIdea { idea: Cast::I1 }),
        DomainError::NotAuthor
    );
    let mut s = standard_in(Phase::Vote);
    s.exec(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Ideas,
        },
    );
    assert_eq!(
        s.exec(p(Cast::CAROL), Command::WithdrawIdea { idea: Cast::I1 }),
        vec![Event::IdeaWithdrawn { idea: Cast::I1 }]
    );
    assert_eq!(
        s.refuse(p(Cast::CAROL), Command::WithdrawIdea { idea: Cast::I1 }),
        DomainError::UnknownIdea
    );
}

#[test]
fn the_facilitator_hides_ideas_and_brings_them_back_but_deletes_none() {
    let mut s = standard_in(Phase::Vote);
    assert_eq!(
        s.refuse(Actor::Facilitator, Command::WithdrawIdea { idea: Cast::I2 }),
        DomainError::NotAuthor
    );
    let hide = |hidden| Command::HideIdea {
        idea: Cast::I2,
        hidden,
    };
    assert_eq!(
        s.exec(Actor::Facilitator, hide(true)),
        vec![Event::IdeaHidden {
            idea: Cast::I2,
            author: Some(Cast::ALICE)
        }]
    );
    assert!(s.state.ideas[&Cast::I2].hidden);
    assert!(
        s.exec(Actor::Facilitator, hide(true)).is_empty(),
        "hidden already"
    );
    assert_eq!(
        s.refuse(p(Cast::BOB), hide(false)),
        DomainError::FacilitatorOnly
    );
    s.advance_to(Phase::Plan);
    let back = s.exec(Actor::Facilitator, hide(false));
    assert!(
        matches!(&back[..], [Event::IdeaRestored { idea }] if !idea.hidden && idea.text == "Canary releases")
    );
    assert!(!s.state.ideas[&Cast::I2].hidden);
    s.advance_to(Phase::Closed);
    assert_eq!(
        s.refuse(Actor::Facilitator, hide(true)),
        DomainError::Closed
    );
}
