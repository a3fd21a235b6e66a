//! Merging duplicates and suggesting merges: who may, when, and what carries over.

use super::*;

const F: Actor = Actor::Facilitator;

fn problem(id: ProblemId) -> Card {
    Card::Problem(id)
}

fn idea(id: IdeaId) -> Card {
    Card::Idea(id)
}

fn merge(card: Card, into: Card) -> Command {
    Command::Merge { card, into }
}

fn support(s: &mut Summit, who: ParticipantId, problem: ProblemId) {
    s.exec(
        p(who),
        Command::SupportProblem {
            problem,
            support: true,
        },
    );
}

/// The standard session in Pick with a second Sales problem (4, Bob's).
fn two_sales_problems() -> (Summit, ProblemId) {
    let mut s = standard_in(Phase::Problems);
    let dup = s.submit_problem(Cast::BOB, "Leads get cold");
    s.advance_to(Phase::Pick);
    (s, dup)
}

#[test]
fn merged_support_counts_each_person_once_and_a_pick_carries_over() {
    let (mut s, dup) = two_sales_problems();
    support(&mut s, Cast::ALICE, Cast::P_SALES);
    support(&mut s, Cast::ALICE, dup);
    support(&mut s, Cast::BOB, dup);
    s.pick(dup);
    s.exec(F, merge(problem(dup), problem(Cast::P_SALES)));
    let target = &s.state.problems[&Cast::P_SALES];
    assert_eq!(target.support, vec![Cast::ALICE, Cast::BOB]);
    assert!(target.picked);
    let merged = &s.state.problems[&dup];
    assert_eq!(merged.merged_into, Some(Cast::P_SALES));
    assert!(!merged.picked);
    assert_eq!(
        s.state.problems_merged_into(Cast::P_SALES).count(),
        1,
        "merged from 1"
    );
    assert!(!s.state.live_problems().any(|p| p.id == dup));
}

#[test]
fn a_merge_into_a_card_that_is_merged_later_follows_it() {
    let (mut s, dup) = two_sales_problems();
    s.force_phase(Phase::Problems);
    let third = s.submit_problem(Cast::ALICE, "Cold leads");
    s.exec(F, merge(problem(dup), problem(third)));
    s.exec(F, merge(problem(third), problem(Cast::P_SALES)));
    assert_eq!(s.state.problems[&dup].merged_into, Some(Cast::P_SALES));
    assert_eq!(s.state.problems_merged_into(Cast::P_SALES).count(), 2);
    // Two tabs: the second merge of the same card finds it merged already.
    assert_eq!(
        s.refuse(F, merge(problem(dup), problem(Cast::P_SALES))),
        DomainError::Merged
    );
}

#[test]
fn only_cards_of_one_group_merge() {
    let (mut s, _) = two_sales_problems();
    assert_eq!(
        s.refuse(F, merge(problem(Cast::P_SALES), problem(Cast::P_ENG))),
        DomainError::MergeMismatch
    );
    assert_eq!(
        s.refuse(F, merge(problem(Cast::P_SALES), problem(Cast::P_SALES))),
        DomainError::MergeMismatch
    );
    let mut s = standard_in(Phase::Vote);
    s.force_phase(Phase::Ideas);
    assert_eq!(
        s.refuse(F, merge(idea(Cast::I1), idea(Cast::I2))),
        DomainError::MergeMismatch,
        "ideas for two problems"
    );
    assert_eq!(
        s.refuse(F, merge(idea(Cast::I1), problem(Cast::P_SALES))),
        DomainError::MergeMismatch
    );
    s.exec(F, merge(idea(Cast::I3), idea(Cast::I1)));
    assert_eq!(s.state.ideas_merged_into(Cast::I1).count(), 1);
}

#[test]
fn the_facilitator_merges_participants_suggest() {
    let (mut s, dup) = two_sales_problems();
    assert_eq!(
        s.refuse(p(Cast::BOB), merge(problem(dup), problem(Cast::P_SALES))),
        DomainError::FacilitatorOnly
    );
    assert_eq!(
        s.refuse(
            F,
            Command::SuggestMerge {
                card: problem(dup),
                into: problem(Cast::P_SALES)
            }
        ),
        DomainError::ParticipantOnly
    );
}

#[test]
fn ideas_merge_in_ideas_only_and_never_once_dots_are_cast() {
    let mut s = standard_in(Phase::Vote);
    assert!(matches!(
        s.refuse(F, merge(idea(Cast::I3), idea(Cast::I1))),
        DomainError::WrongPhase { .. }
    ));
    s.vote(Cast::BOB, Cast::I2).expect("a vote");
    s.force_phase(Phase::Ideas);
    assert_eq!(
        s.refuse(F, merge(idea(Cast::I3), idea(Cast::I1))),
        DomainError::VotingStarted
    );
    // Problems merge in Problems and Pick only.
    let mut s = standard_in(Phase::Ideas);
    assert!(matches!(
        s.refuse(F, merge(problem(Cast::P_SALES), problem(Cast::P_SALES))),
        DomainError::WrongPhase { .. }
    ));
}

#[test]
fn a_merged_card_is_off_the_board_and_its_target_stays_put() {
    let (mut s, dup) = two_sales_problems();
    s.exec(F, merge(problem(dup), problem(Cast::P_SALES)));
    assert_eq!(
        s.refuse(
            p(Cast::BOB),
            Command::SupportProblem {
                problem: dup,
                support: true
            }
        ),
        DomainError::Merged
    );
    assert_eq!(
        s.refuse(
            F,
            Command::HideProblem {
                problem: dup,
                hidden: true
            }
        ),
        DomainError::Merged
    );
    s.force_phase(Phase::Problems);
    assert_eq!(
        s.refuse(
            p(Cast::ALICE),
            Command::WithdrawProblem {
                problem: Cast::P_SALES
            }
        ),
        DomainError::HasMerged
    );
}

#[test]
fn merging_problems_takes_their_ideas_along() {
    let mut s = standard_in(Phase::Problems);
    let dup = s.submit_problem(Cast::BOB, "Leads get cold");
    s.advance_to(Phase::Pick);
    s.pick(Cast::P_SALES);
    s.pick(dup);
    s.pick(Cast::P_ENG);
    s.advance_to(Phase::Ideas);
    let on_dup = s.submit_idea(Cast::CAROL, dup, "Call back in a day");
    s.force_phase(Phase::Pick);
    s.exec(F, merge(problem(dup), problem(Cast::P_SALES)));
    assert_eq!(s.state.ideas[&on_dup].problem, Cast::P_SALES);
}

#[test]
fn a_suggestion_is_counted_once_per_person_and_answered_by_a_merge_or_a_dismissal() {
    let (mut s, dup) = two_sales_problems();
    let same = Command::SuggestMerge {
        card: problem(dup),
        into: problem(Cast::P_SALES),
    };
    s.exec(p(Cast::CAROL), same.clone());
    assert_eq!(
        s.exec(p(Cast::CAROL), same.clone()),
        vec![],
        "again: nothing"
    );
    s.exec(p(Cast::DAVE), same.clone());
    assert_eq!(
        s.state.suggested_merges(),
        vec![(problem(dup), problem(Cast::P_SALES), 2)]
    );
    s.exec(
        F,
        Command::DismissSuggestion {
            card: problem(dup),
            into: problem(Cast::P_SALES),
        },
    );
    assert!(s.state.suggestions.is_empty());
    s.exec(p(Cast::CAROL), same);
    s.exec(F, merge(problem(dup), problem(Cast::P_SALES)));
    assert!(s.state.suggestions.is_empty(), "a merge answers it");
}

#[test]
fn one_person_has_at_most_ten_suggestions_waiting() {
    let mut s = standard_in(Phase::Problems);
    let ids: Vec<ProblemId> = (0..5)
        .map(|i| s.submit_problem(Cast::BOB, &format!("Sales problem {i}")))
        .collect();
    let mut made = 0;
    'all: for a in &ids {
        for b in &ids {
            if a != b {
                if made == limits::SUGGESTIONS_PER_PARTICIPANT {
                    break 'all;
                }
                s.exec(
                    p(Cast::CAROL),
                    Command::SuggestMerge {
                        card: problem(*a),
                        into: problem(*b),
                    },
                );
                made += 1;
            }
        }
    }
    assert_eq!(
        s.refuse(
            p(Cast::CAROL),
            Command::SuggestMerge {
                card: problem(ids[4]),
                into: problem(ids[3]),
            }
        ),
        DomainError::SuggestionLimit { max: 10 }
    );
    // Someone else still may.
    s.exec(
        p(Cast::DAVE),
        Command::SuggestMerge {
            card: problem(ids[4]),
            into: problem(ids[3]),
        },
    );
}

#[test]
fn nobody_but_the_suggester_learns_who_suggested() {
    let (mut s, dup) = two_sales_problems();
    s.exec(
        p(Cast::CAROL),
        Command::SuggestMerge {
            card: problem(dup),
            into: problem(Cast::P_SALES),
        },
    );
    for viewer in [
        Viewer::Facilitator,
        Viewer::Screen,
        Viewer::Participant(Cast::DAVE),
    ] {
        assert_eq!(
            s.state.view_for(viewer).suggestions[0].by,
            None,
            "{viewer:?}"
        );
    }
    assert_eq!(
        s.state
            .view_for(Viewer::Participant(Cast::CAROL))
            .suggestions[0]
            .by,
        Some(Cast::CAROL)
    );
}

#[test]
fn in_an_anonymous_session_a_merge_names_no_supporter() {
    let mut s = standard_with(
        Phase::Problems,
        Settings {
            anonymous: true,
            ..Settings::default()
        },
    );
    let dup = s.submit_problem(Cast::BOB, "Leads get cold");
    s.advance_to(Phase::Pick);
    support(&mut s, Cast::ALICE, dup);
    support(&mut s, Cast::BOB, Cast::P_SALES);
    let events = s.exec(F, merge(problem(dup), problem(Cast::P_SALES)));
    for viewer in [
        Viewer::Facilitator,
        Viewer::Screen,
        Viewer::Participant(Cast::BOB),
    ] {
        let seen = view::project(&events[0], viewer, true);
        let Event::ProblemMerged { into, .. } = seen else {
            panic!("{seen:?}")
        };
        assert!(into.author.is_none() || viewer == Viewer::Participant(Cast::ALICE));
        assert_eq!(into.support_count(), 2, "{viewer:?}");
        let named: Vec<_> = into
            .support
            .iter()
            .filter(|s| Some(**s) != viewer.participant())
            .collect();
        assert!(named.is_empty(), "{viewer:?} sees {named:?}");
    }
}
