//! The questions the projector and the console's lists ask the state: dots
//! available, the newest cards, ideas per department, people by name.

mod common;

use common::{draft, standard_in, Cast};
use summit_shared::*;

#[test]
fn dots_available_are_the_budget_of_everyone_who_joined() {
    let s = standard_in(Phase::Vote);
    let budget = s.state.settings.vote_budget;
    assert_eq!(s.state.dots_available(), budget * 4);
    assert_eq!(SessionState::default().dots_available(), 0);
}

#[test]
fn the_newest_cards_come_first_and_withdrawn_ones_not_at_all() {
    let mut s = standard_in(Phase::Ideas);
    assert_eq!(
        s.state.newest_problems(2),
        vec![Cast::P_SUPPORT, Cast::P_ENG]
    );
    assert_eq!(s.state.newest_problems(9).len(), 3);
    let first = s.submit_idea(Cast::CAROL, Cast::P_SALES, "Weekly lead review");
    let second = s.submit_idea(Cast::DAVE, Cast::P_SALES, "CRM reminders");
    assert_eq!(s.state.newest_ideas(5), vec![second, first]);
    s.exec(
        Actor::Participant(Cast::DAVE),
        Command::WithdrawIdea { idea: second },
    );
    assert_eq!(s.state.newest_ideas(5), vec![first]);
}

#[test]
fn ideas_are_counted_by_the_department_they_came_from() {
    let s = standard_in(Phase::Vote);
    let from = |d| s.state.ideas_from(d).count();
    // Carol (Engineering) one; Alice (Sales) one; Dave (Support) two.
    assert_eq!(
        (
            from(Cast::SALES),
            from(Cast::ENGINEERING),
            from(Cast::SUPPORT)
        ),
        (1, 1, 2)
    );
}

#[test]
fn people_are_listed_by_name_then_by_joining_order() {
    let mut s = standard_in(Phase::Lobby);
    let second_ann = s.join("Alice", 2);
    assert_eq!(
        s.state.participants_by_name(),
        vec![Cast::ALICE, second_ann, Cast::BOB, Cast::CAROL, Cast::DAVE]
    );
}

#[test]
fn the_facilitator_picks_from_the_most_supported_down() {
    let mut s = standard_in(Phase::Problems);
    let second = s.submit_problem(Cast::BOB, "Pricing pages are stale");
    let third = s.submit_problem(Cast::BOB, "No shared lead list");
    s.advance_to(Phase::Pick);
    let support = |s: &mut common::Summit, who, problem| {
        s.exec(
            Actor::Participant(who),
            Command::SupportProblem {
                problem,
                support: true,
            },
        );
    };
    support(&mut s, Cast::ALICE, third);
    support(&mut s, Cast::BOB, third);
    support(&mut s, Cast::BOB, second);
    assert_eq!(
        s.state.problems_by_support(Cast::SALES),
        vec![third, second, Cast::P_SALES]
    );
    // Ties keep the order they were written in.
    assert_eq!(
        s.state.problems_by_support(Cast::ENGINEERING),
        vec![Cast::P_ENG]
    );
}

#[test]
fn a_search_ignores_case_and_invisible_characters() {
    use summit_shared::limits::matches_search;
    let text = "Promos nobody told Customer Service about";
    assert!(matches_search(text, "customer serv"));
    assert!(matches_search(text, "  PROMOS "));
    assert!(matches_search(text, "cus\u{AD}tomer"));
    assert!(matches_search(text, ""));
    assert!(!matches_search(text, "pricing"));
    assert!(matches_search("Größere Änderungen", "änderungen"));
}

#[test]
fn the_idea_flow_counts_ideas_from_each_department_for_each_other() {
    let mut s = standard_in(Phase::Vote);
    // Carol (Engineering) for Sales; Alice (Sales) for Engineering; Dave (Support)
    // for Sales and for Engineering.
    let flow = s.state.idea_flow();
    assert_eq!(
        flow.departments,
        vec![Cast::SALES, Cast::ENGINEERING, Cast::SUPPORT]
    );
    let (sales, eng, support) = (0, 1, 2);
    assert_eq!(flow.count(eng, sales), 1);
    assert_eq!(flow.count(sales, eng), 1);
    assert_eq!(
        (flow.count(support, sales), flow.count(support, eng)),
        (1, 1)
    );
    assert_eq!(flow.count(sales, sales), 0);
    assert_eq!(flow.across(), (4, 4));
    assert_eq!(flow.max(), 1);
    assert_eq!(flow.winners, 0, "no winner before the reveal");

    s.vote(Cast::ALICE, Cast::I1).expect("a vote");
    s.vote(Cast::BOB, Cast::I4).expect("a vote");
    s.advance_to(Phase::Plan);
    let flow = s.state.idea_flow();
    assert_eq!((flow.winners, flow.winners_across), (2, 2));
    // The viewer's state (tallies revealed to all) tells the same.
    assert_eq!(
        s.state
            .view_for(Viewer::Participant(Cast::CAROL))
            .idea_flow(),
        flow
    );
}

#[test]
fn cards_are_counted_per_department() {
    let s = standard_in(Phase::Vote);
    assert_eq!(
        s.state.cards_by_department(),
        vec![
            (Cast::SALES, 1, 1),
            (Cast::ENGINEERING, 1, 1),
            (Cast::SUPPORT, 1, 2)
        ]
    );
}

#[test]
fn the_summary_lists_apart_only_the_problems_not_picked() {
    let not_picked =
        |s: &SessionState, d| s.problems_not_picked(d).map(|p| p.id).collect::<Vec<_>>();
    // Before Pick, every problem is one not picked.
    let before = standard_in(Phase::Pick);
    assert_eq!(not_picked(&before.state, Cast::SALES), vec![Cast::P_SALES]);
    // Problems 1 and 2 picked: only Support's problem 3 is left apart.
    let mut s = standard_in(Phase::Ideas);
    assert_eq!(not_picked(&s.state, Cast::SALES), vec![]);
    assert_eq!(not_picked(&s.state, Cast::ENGINEERING), vec![]);
    assert_eq!(not_picked(&s.state, Cast::SUPPORT), vec![Cast::P_SUPPORT]);
    // A hidden problem is not listed at all.
    s.exec(
        Actor::Facilitator,
        Command::HideProblem {
            problem: Cast::P_SUPPORT,
            hidden: true,
        },
    );
    assert_eq!(not_picked(&s.state, Cast::SUPPORT), vec![]);
}

#[test]
fn ideas_with_the_same_tally_share_their_place() {
    let mut s = standard_in(Phase::Vote);
    s.force_phase(Phase::Ideas);
    let third = s.submit_idea(Cast::CAROL, Cast::P_SALES, "Call back within a day");
    s.advance_to(Phase::Vote);
    let places = |s: &common::Summit| {
        s.state
            .placed_ideas(Cast::P_SALES)
            .into_iter()
            .map(|p| (p.place, p.idea.id, p.tally))
            .collect::<Vec<_>>()
    };
    // Before the reveal nothing is tied: each idea has its own place.
    assert_eq!(
        places(&s),
        vec![(1, Cast::I1, None), (2, Cast::I3, None), (3, third, None)]
    );
    for (who, idea) in [
        (Cast::BOB, Cast::I1),
        (Cast::BOB, Cast::I1),
        (Cast::BOB, Cast::I3),
        (Cast::DAVE, third),
    ] {
        s.vote(who, idea).unwrap();
    }
    s.advance_to(Phase::Plan);
    assert_eq!(
        places(&s),
        vec![
            (1, Cast::I1, Some(2)),
            (2, Cast::I3, Some(1)),
            (2, third, Some(1)),
        ]
    );
}

#[test]
fn an_idea_has_an_action_once_an_agreed_item_comes_from_it() {
    let mut s = standard_in(Phase::Plan);
    assert!(!s.state.has_action(Cast::I1));
    // A participant's proposal is not agreed yet.
    s.exec(
        Actor::Participant(Cast::BOB),
        Command::ProposeAction {
            action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
        },
    );
    assert!(!s.state.has_action(Cast::I1));
    assert!(
        s.state.idea_taken_up(Cast::I1),
        "a waiting proposal takes the idea up"
    );
    assert!(!s.state.idea_taken_up(Cast::I3));
    assert_eq!(s.state.proposals_waiting_on(Cast::I1), 1);
    assert_eq!(s.state.proposals_waiting_on(Cast::I3), 0);
    s.exec(
        Actor::Facilitator,
        Command::CreateAction {
            action: draft(Cast::P_SALES, Some(Cast::I1), Cast::SALES),
        },
    );
    assert!(s.state.has_action(Cast::I1));
    assert!(!s.state.has_action(Cast::I3));
    assert_eq!(
        s.state.proposals_waiting_on(Cast::I1),
        1,
        "an agreed item is no proposal"
    );
}

#[test]
fn the_leaders_are_every_idea_with_the_most_votes_once_revealed() {
    let mut s = standard_in(Phase::Vote);
    s.force_phase(Phase::Ideas);
    let third = s.submit_idea(Cast::CAROL, Cast::P_SALES, "Call back within a day");
    s.advance_to(Phase::Vote);
    let leaders = |s: &common::Summit, problem| {
        s.state
            .leaders(problem)
            .into_iter()
            .map(|p| p.idea.id)
            .collect::<Vec<_>>()
    };
    s.vote(Cast::BOB, Cast::I3).unwrap();
    s.vote(Cast::DAVE, third).unwrap();
    assert_eq!(
        leaders(&s, Cast::P_SALES),
        vec![],
        "nothing leads before the reveal"
    );
    s.advance_to(Phase::Plan);
    assert_eq!(leaders(&s, Cast::P_SALES), vec![Cast::I3, third], "a tie");
    assert_eq!(leaders(&s, Cast::P_ENG), vec![], "no votes, no leader");
    let placed = s.state.placed_ideas(Cast::P_SALES);
    let shown: Vec<_> = placed
        .iter()
        .map(|p| (p.leads(), p.shown_place()))
        .collect();
    assert_eq!(
        shown,
        vec![(true, Some(1)), (true, Some(1)), (false, None)],
        "an idea without votes has no place to show"
    );
}

#[test]
fn a_problem_is_named_by_its_words_and_its_department() {
    let s = standard_in(Phase::Pick);
    assert_eq!(s.state.problem_text(Cast::P_ENG), "Flaky deploys");
    assert_eq!(s.state.problem_department_name(Cast::P_ENG), "Engineering");
    assert_eq!(
        s.state.problem_text(ProblemId(999)),
        "",
        "an unknown problem"
    );
    assert_eq!(s.state.problem_department_name(ProblemId(999)), "");
}

#[test]
fn a_folded_ranking_shows_its_top_ideas_and_never_cuts_a_tie() {
    let mut s = standard_in(Phase::Vote);
    s.force_phase(Phase::Ideas);
    let more: Vec<IdeaId> = (0..4)
        .map(|n| s.submit_idea(Cast::CAROL, Cast::P_SALES, &format!("Idea {n}")))
        .collect();
    s.advance_to(Phase::Vote);
    // Six ideas for Sales: I1 and I3, then four more.
    assert_eq!(
        s.state.top_cut(Cast::P_SALES, 3),
        6,
        "before the reveal nothing is cut"
    );
    for (who, idea) in [
        (Cast::BOB, Cast::I1),
        (Cast::BOB, Cast::I1),
        (Cast::BOB, Cast::I3),
        (Cast::DAVE, more[0]),
        (Cast::DAVE, more[1]),
    ] {
        s.vote(who, idea).unwrap();
    }
    s.advance_to(Phase::Plan);
    // Tallies 2, 1, 1, 1, 0, 0: the third place is shared by three ideas.
    assert_eq!(s.state.top_cut(Cast::P_SALES, 3), 4);
    assert_eq!(s.state.top_cut(Cast::P_SALES, 1), 1);
    assert_eq!(
        s.state.top_cut(Cast::P_SALES, 5),
        5,
        "ideas without votes tie but are cut"
    );
    assert_eq!(
        s.state.top_cut(Cast::P_SALES, 9),
        6,
        "fewer ideas than asked"
    );
    assert_eq!(s.state.top_cut(Cast::P_SALES, 0), 6);
}

#[test]
fn the_departments_still_choosing_brought_problems_and_picked_none() {
    let mut s = standard_in(Phase::Pick);
    assert_eq!(
        s.state.still_choosing(),
        vec![Cast::SALES, Cast::ENGINEERING, Cast::SUPPORT]
    );
    s.pick(Cast::P_ENG);
    assert_eq!(s.state.still_choosing(), vec![Cast::SALES, Cast::SUPPORT]);
    // A department without a live problem waits for nothing.
    s.exec(
        Actor::Facilitator,
        Command::HideProblem {
            problem: Cast::P_SUPPORT,
            hidden: true,
        },
    );
    assert_eq!(s.state.still_choosing(), vec![Cast::SALES]);
}
