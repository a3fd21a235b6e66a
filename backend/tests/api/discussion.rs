//! Comments and reactions over HTTP: an anonymous session through every phase that
//! has them, with a merge, a hidden comment and readiness, where no byte a viewer
//! receives (live stream, snapshot, command answer, export) ties anyone else to a
//! comment or a reaction; and the typed refusals.

use crate::common;

use common::{identities, TestApp};
use serde_json::Value;
use summit_shared::api::{paths, ExportFile};
use summit_shared::{Card, Command, CommentId, IdeaId, Phase, ProblemId, Reaction, Settings};

#[tokio::test]
async fn nothing_ties_anyone_to_a_comment_or_a_reaction_in_an_anonymous_session() {
    let app = TestApp::start().await;
    let settings = Settings {
        anonymous: true,
        ..Settings::default()
    };
    let created = app.create_session("Q4", settings).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let mut people = Vec::new();
    for (name, department) in [("Ann", 1), ("Bob", 1), ("Cy", 2), ("Di", 2)] {
        people.push(app.join(&sid, name, department).await);
    }
    let mut streams = Vec::new();
    for token in std::iter::once(&fac).chain(people.iter().map(|p| &p.token)) {
        streams.push(app.stream(&sid, token, None).await);
    }
    let mut answers: Vec<(usize, Value)> = Vec::new();
    let mut last = 0;
    let phase = |phase| Command::SetPhase { phase };
    macro_rules! send {
        ($who:expr, $command:expr) => {{
            let (status, body) = app
                .command_raw(&sid, &people[$who].token, $command, None)
                .await;
            assert_eq!(status.as_u16(), 200, "{body}");
            last = last.max(body["seq"].as_u64().unwrap_or(0));
            answers.push(($who, body));
        }};
    }
    let comment = |card, text: &str| Command::AddComment {
        card,
        text: text.into(),
    };
    let react = |card, reaction| Command::React {
        card,
        reaction,
        on: true,
    };
    app.command(&sid, &fac, phase(Phase::Problems)).await;
    send!(
        0,
        Command::SubmitProblem {
            text: "Promos surprise support".into()
        }
    );
    send!(
        2,
        Command::SubmitProblem {
            text: "Complaints never reach marketing".into()
        }
    );
    let sales = Card::Problem(ProblemId(1));
    send!(2, comment(sales, "Which promos?"));
    send!(3, react(sales, Reaction::PlusOne));
    send!(1, Command::SetDone { done: true });
    app.command(&sid, &fac, phase(Phase::Pick)).await;
    send!(
        1,
        Command::SupportProblem {
            problem: ProblemId(1),
            support: true
        }
    );
    for problem in [ProblemId(1), ProblemId(2)] {
        app.command(
            &sid,
            &fac,
            Command::ConfirmPick {
                problem,
                picked: true,
            },
        )
        .await;
    }
    app.command(&sid, &fac, phase(Phase::Ideas)).await;
    send!(
        2,
        Command::SubmitIdea {
            problem: ProblemId(1),
            text: "A shared promo calendar".into()
        }
    );
    send!(
        3,
        Command::SubmitIdea {
            problem: ProblemId(1),
            text: "Share the promo calendar".into()
        }
    );
    send!(0, comment(Card::Idea(IdeaId(1)), "Yes, weekly"));
    send!(1, react(Card::Idea(IdeaId(1)), Reaction::Heart));
    send!(
        0,
        Command::SuggestMerge {
            card: Card::Idea(IdeaId(2)),
            into: Card::Idea(IdeaId(1))
        }
    );
    let merged = app
        .command(
            &sid,
            &fac,
            Command::Merge {
                card: Card::Idea(IdeaId(2)),
                into: Card::Idea(IdeaId(1)),
            },
        )
        .await;
    last = last.max(merged.events.last().map_or(0, |e| e.seq));
    let hidden = app
        .command(
            &sid,
            &fac,
            Command::HideComment {
                comment: CommentId(1),
                hidden: true,
            },
        )
        .await;
    last = last.max(hidden.events.last().map_or(0, |e| e.seq));
    app.command(&sid, &fac, phase(Phase::Vote)).await;
    send!(0, Command::CastVote { idea: IdeaId(1) });
    let plan = app.command(&sid, &fac, phase(Phase::Plan)).await;
    last = last.max(plan.events.last().map_or(0, |e| e.seq));
    send!(3, comment(Card::Idea(IdeaId(1)), "I can own this"));
    send!(2, react(Card::Idea(IdeaId(1)), Reaction::Idea));

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
    let viewers = std::iter::once(None).chain(ids.iter().copied().map(Some));
    for ((token, me), stream) in tokens.zip(viewers).zip(&mut streams) {
        let mut found = stream.identities_until(last).await;
        let snap: Value = app.get_json(&paths::session(&sid), Some(token)).await;
        identities(&snap, &mut found);
        assert!(
            found.iter().all(|id| Some(*id) == me),
            "{me:?} learnt {found:?}"
        );
        let typed = app.snapshot(&sid, token).await;
        let idea = Card::Idea(IdeaId(1));
        assert_eq!(typed.state.reactions_to(idea, Reaction::Heart), 1, "{me:?}");
        assert_eq!(typed.state.reactions_to(idea, Reaction::Idea), 1, "{me:?}");
        // The hidden comment is gone for everyone but the facilitator and its author.
        let sees_hidden = me.is_none() || me == Some(ids[2]);
        assert_eq!(
            typed.state.comments.contains_key(&CommentId(1)),
            sees_hidden,
            "{me:?}"
        );
        for file in ExportFile::ALL {
            let res = app
                .client
                .get(app.url(&paths::export(&sid, file)))
                .bearer_auth(token)
                .send()
                .await
                .expect("send");
            let body = res.text().await.expect("text");
            for name in ["Ann", "Bob", "Cy", "Di"] {
                for line in body.lines().filter(|l| l.contains("calendar")) {
                    assert!(!line.contains(name), "{me:?}'s {file:?}: {line}");
                }
            }
        }
    }
}

#[tokio::test]
async fn comments_and_reactions_are_refused_with_typed_errors() {
    let app = TestApp::start().await;
    let created = app.create_session("Q4", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let card = Card::Problem(ProblemId(1));
    let comment = |text: &str| Command::AddComment {
        card,
        text: text.into(),
    };
    app.refused(&sid, &ann.token, comment("Early"), 409, "wrong_phase")
        .await;
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Problems,
        },
    )
    .await;
    app.refused(
        &sid,
        &ann.token,
        comment("No card yet"),
        404,
        "unknown_problem",
    )
    .await;
    let text = "Promos surprise support".to_owned();
    app.command(&sid, &ann.token, Command::SubmitProblem { text })
        .await;
    app.refused(&sid, &ann.token, comment(&"x".repeat(281)), 422, "too_long")
        .await;
    app.refused(&sid, &fac, comment("Me too"), 403, "participant_only")
        .await;
    for i in 0..30 {
        app.command(&sid, &ann.token, comment(&format!("Note {i}")))
            .await;
    }
    app.refused(&sid, &ann.token, comment("Flood"), 409, "comment_limit")
        .await;
    let hide = Command::HideComment {
        comment: CommentId(99),
        hidden: true,
    };
    app.refused(&sid, &fac, hide, 404, "unknown_comment").await;
}
