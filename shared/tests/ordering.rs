//! The orders the reducer keeps: supporters sorted by id, ideas ranked by tally then
//! id. (They are sorted with a small insertion sort, for the browser's size budget;
//! these compare it with the standard library's sort on random input.)

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use summit_shared::*;

fn problem(id: u32) -> Problem {
    Problem {
        id: ProblemId(id),
        department: DepartmentId(0),
        author: None,
        text: "p".into(),
        withdrawn: false,
        picked: true,
        support: vec![],
        hidden_support: 0,
        hidden: false,
        merged_into: None,
    }
}

fn idea(id: u32, problem: u32, withdrawn: bool) -> Idea {
    Idea {
        id: IdeaId(id),
        problem: ProblemId(problem),
        department: DepartmentId(1),
        author: None,
        text: format!("idea {id}"),
        withdrawn,
        hidden: false,
        merged_into: None,
    }
}

proptest! {
    #[test]
    fn supporters_stay_sorted_and_unique(changes in prop::collection::vec((0u32..40, any::<bool>()), 0..120)) {
        let mut state = SessionState::default();
        state.apply(&Event::ProblemSubmitted { problem: problem(0) });
        let mut expected = BTreeSet::new();
        for (who, support) in changes {
            state.apply(&Event::PickSupportChanged {
                problem: ProblemId(0),
                participant: ParticipantId(who),
                support,
            });
            if support {
                expected.insert(ParticipantId(who));
            } else {
                expected.remove(&ParticipantId(who));
            }
            let support = &state.problems[&ProblemId(0)].support;
            prop_assert_eq!(support, &expected.iter().copied().collect::<Vec<_>>());
        }
    }

    #[test]
    fn ideas_rank_by_tally_then_id(
        ideas in prop::collection::vec((0u32..3, any::<bool>()), 0..60),
        tallies in prop::option::of(prop::collection::vec(0u32..5, 60)),
    ) {
        let mut state = SessionState::default();
        for p in 0..3 {
            state.apply(&Event::ProblemSubmitted { problem: problem(p) });
        }
        // Submitted in a shuffled id order, so the map order is not the answer.
        let mut ids: Vec<u32> = (0..ideas.len() as u32).collect();
        ids.reverse();
        ids.rotate_left(ideas.len() / 3);
        for (id, (p, withdrawn)) in ids.iter().zip(&ideas) {
            state.apply(&Event::IdeaSubmitted { idea: idea(*id, *p, *withdrawn) });
        }
        if let Some(tallies) = &tallies {
            let tallies: BTreeMap<IdeaId, u32> = ids
                .iter()
                .zip(tallies)
                .filter(|(_, n)| **n > 0)
                .map(|(id, n)| (IdeaId(*id), *n))
                .collect();
            state.apply(&Event::VotesRevealed { tallies });
        }
        for p in 0..3 {
            let ranked: Vec<(IdeaId, Option<u32>)> = state
                .ranked_ideas(ProblemId(p))
                .into_iter()
                .map(|(i, n)| (i.id, n))
                .collect();
            let mut expected: Vec<(IdeaId, Option<u32>)> = state
                .ideas
                .values()
                .filter(|i| i.problem == ProblemId(p) && !i.withdrawn)
                .map(|i| {
                    let n = state.tallies.as_ref().map(|t| t.get(&i.id).copied().unwrap_or(0));
                    (i.id, n)
                })
                .collect();
            expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            prop_assert_eq!(ranked, expected);
        }
    }
}
