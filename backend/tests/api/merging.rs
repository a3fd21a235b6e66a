//! Merging duplicates over HTTP: the facilitator merges, participants suggest, the
//! refusals are typed, and in an anonymous session no byte a viewer receives (live
//! stream, snapshot, command answer) ties anyone else to a card, a supported
//! problem or a suggestion.

use crate::common;

use common::{identities, TestApp};
use serde_json::Value;
use summit_shared::{Card, Command, Phase, ProblemId, SessionId, Settings};

fn problem(n: u32) -> Card {
    Card::Problem(ProblemId(n))
}

async fn anonymous_pick(app: &TestApp) -> (SessionId, String, Vec<summit_shared::api::Joined>) {
    let settings = Settings {
        anonymous: true,
        ..Settings::default()
    };
    let created = app.create_session("Q4", settings).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let mut people = Vec::new();
    for (name, department) in [("Ann", 1), ("Bob", 1), ("Cy", 2)] {
        people.push(app.join(&sid, name, department).await);
    }
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Problems,
        },
    )
    .await;
    for (who, text) in [(0, "Briefs arrive late"), (1, "Briefs come in too late")] {
        let text = text.to_owned();
        app.command(&sid, &people[who].token, Command::SubmitProblem { text })
            .await;
    }
    app.command(&sid, &fac, Command::SetPhase { phase: Phase::Pick })
        .await;
    (sid, fac, people)
}

#[tokio::test]
async fn a_suggested_merge_accepted_names_no_one_in_an_anonymous_session() {
    let app = TestApp::start().await;
    let (sid, fac, people) = anonymous_pick(&app).await;
    let mut streams = Vec::new();
    for token in std::iter::once(&fac).chain(people.iter().map(|p| &p.token)) {
        streams.push(app.stream(&sid, token, None).await);
    }
    let mut answers = Vec::new();
    let mut send = async |who: usize, command: Command| {
        let (status, body) = app
            .command_raw(&sid, &people[who].token, command, None)
            .await;
        assert_eq!(status.as_u16(), 200, "{body}");
        answers.push((who, body));
    };
    let support = |n| Command::SupportProblem {
        problem: ProblemId(n),
        support: true,
    };
    send(0, support(1)).await;
    send(0, support(2)).await;
    send(1, support(2)).await;
    let same = Command::SuggestMerge {
        card: problem(2),
        into: problem(1),
    };
    send(2, same.clone()).await;
    send(1, same).await;
    let merged = app
        .command(
            &sid,
            &fac,
            Command::Merge {
                card: problem(2),
                into: problem(1),
            },
        )
        .await;
    let last = merged.events.last().map_or(0, |e| e.seq);

    let ids: Vec<u64> = people
        .iter()
        .map(|p| u64::from(p.participant_id.0))
        .collect();
    for (who, body) in &answers {
        let mut found = Vec::new();
        identities(body, &mut found);
        assert!(found.iter().all(|id| *id == ids[*who]), "{body}");
    }
    let tokens = std::iter::once(&fac).chain(people.iter().map(|p| &p.token));
    let me = std::iter::once(None).chain(ids.iter().copied().map(Some));
    for ((token, me), stream) in tokens.zip(me).zip(&mut streams) {
        let mut found = stream.identities_until(last).await;
        let snap: Value = app
            .get_json(&summit_shared::api::paths::session(&sid), Some(token))
            .await;
        identities(&snap, &mut found);
        assert!(
            found.iter().all(|id| Some(*id) == me),
            "{me:?} learnt {found:?}"
        );
        // Support carried over, each person once: Ann backed both.
        let typed = app.snapshot(&sid, token).await;
        let kept = &typed.state.problems[&ProblemId(1)];
        assert_eq!(kept.support_count(), 2, "{me:?}");
        assert_eq!(typed.state.problems_merged_into(ProblemId(1)).count(), 1);
        assert!(typed.state.suggested_merges().is_empty(), "answered");
    }
}

#[tokio::test]
async fn merges_are_refused_with_typed_errors() {
    let app = TestApp::start().await;
    let (sid, fac, people) = anonymous_pick(&app).await;
    let merge = |card, into| Command::Merge { card, into };
    let ann = &people[0].token;
    app.refused(
        &sid,
        ann,
        merge(problem(2), problem(1)),
        403,
        "facilitator_only",
    )
    .await;
    app.refused(
        &sid,
        &fac,
        merge(problem(2), Card::Idea(summit_shared::IdeaId(1))),
        422,
        "merge_mismatch",
    )
    .await;
    app.command(&sid, &fac, merge(problem(2), problem(1))).await;
    // A second tab that still shows the card merges it again: refused, nothing lost.
    app.refused(&sid, &fac, merge(problem(2), problem(1)), 409, "merged")
        .await;
    app.refused(
        &sid,
        ann,
        Command::SupportProblem {
            problem: ProblemId(2),
            support: true,
        },
        409,
        "merged",
    )
    .await;
    let snap = app.snapshot(&sid, &fac).await;
    assert_eq!(snap.state.problems.len(), 2, "both cards are kept");
}
