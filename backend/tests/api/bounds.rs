//! A session's bounds over HTTP: each is refused one past the bound with a typed 409,
//! and the session is left as it was. The server's flags set them.

use crate::common;

use common::{Backend, TestApp};
use summit_shared::api::{paths, JoinRequest, SessionPreview};
use summit_shared::{
    ActionDraft, ActionStatus, Command, Date, DepartmentId, ErrorCode, Phase, ProblemId, Settings,
};

fn small(c: &mut summit_backend::Config) {
    c.max_participants = 3;
    c.max_problems_per_participant = 2;
    c.max_ideas_per_participant = 1;
    c.max_cards = 5;
    c.max_actions = 2;
}

#[tokio::test]
async fn every_bound_is_refused_one_past_it_and_changes_nothing() {
    let app = TestApp::start_configured(Backend::Sqlite, small).await;
    let created = app.create_session("Bounded", Settings::default()).await;
    let sid = &created.session_id;
    let fac = created.facilitator_token.as_str();

    // Participants: 3, then the 4th is refused.
    let ann = app.join(sid, "Ann", 1).await;
    let bob = app.join(sid, "Bob", 2).await;
    let full = |preview: SessionPreview| preview.full;
    let preview = paths::join_preview(&created.join_code);
    assert!(
        !full(app.get_json(&preview, None).await),
        "two of three places taken"
    );
    let cy = app.join(sid, "Cy", 2).await;
    // The join page can say so before anyone fills in its form.
    assert!(
        full(app.get_json(&preview, None).await),
        "three of three places taken"
    );
    let before = app.snapshot(sid, fac).await.seq;
    let res = app
        .client
        .post(app.url(&paths::participants(sid)))
        .json(&JoinRequest {
            name: "Dee".into(),
            department: DepartmentId(1),
        })
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 409);
    let err: summit_shared::api::ErrorBody = res.json().await.expect("typed error");
    assert_eq!(err.error.code, ErrorCode::ParticipantLimit);
    assert!(err.error.message.contains('3'), "{}", err.error.message);
    assert_eq!(app.snapshot(sid, fac).await.seq, before);

    // Problems: 2 for Ann, then her 3rd is refused; the session's cards run out at 5.
    let phase = |phase| Command::SetPhase { phase };
    app.command(sid, fac, phase(Phase::Problems)).await;
    let problem = |text: &str| Command::SubmitProblem { text: text.into() };
    for text in ["One", "Two"] {
        app.command(sid, &ann.token, problem(text)).await;
    }
    let before = app.snapshot(sid, fac).await.seq;
    app.refused(sid, &ann.token, problem("Three"), 409, "problem_limit")
        .await;
    assert_eq!(app.snapshot(sid, fac).await.seq, before);
    for text in ["Four", "Five"] {
        app.command(sid, &bob.token, problem(text)).await;
    }
    app.command(sid, &cy.token, problem("Six")).await;
    let before = app.snapshot(sid, fac).await.seq;
    app.refused(sid, &cy.token, problem("Seven"), 409, "card_limit")
        .await;
    assert_eq!(app.snapshot(sid, fac).await.seq, before);

    // Ideas: with the cards used up, even a first idea is refused (the per-person
    // share: the next test).
    app.command(sid, fac, phase(Phase::Pick)).await;
    app.command(
        sid,
        fac,
        Command::ConfirmPick {
            problem: ProblemId(1),
            picked: true,
        },
    )
    .await;
    app.command(sid, fac, phase(Phase::Ideas)).await;
    app.refused(
        sid,
        &bob.token,
        Command::SubmitIdea {
            problem: ProblemId(1),
            text: "An idea".into(),
        },
        409,
        "card_limit",
    )
    .await;

    // Action items: 2, then the 3rd is refused.
    for p in [Phase::Vote, Phase::Plan] {
        app.command(sid, fac, phase(p)).await;
    }
    let action = || Command::CreateAction {
        action: ActionDraft {
            title: "Do it".into(),
            problem: Some(ProblemId(1)),
            idea: None,
            owner: "Ann".into(),
            department: DepartmentId(1),
            due: Date::new(2030, 1, 1).expect("a date"),
            status: ActionStatus::Open,
        },
    };
    app.command(sid, fac, action()).await;
    app.command(sid, fac, action()).await;
    let before = app.snapshot(sid, fac).await.seq;
    app.refused(sid, fac, action(), 409, "action_limit").await;
    assert_eq!(app.snapshot(sid, fac).await.seq, before);

    // The browser learns the bounds with the state, to say what is left.
    let snap = app.snapshot(sid, &ann.token).await;
    assert_eq!(snap.state.bounds.problems_per_participant, 2);
    assert_eq!(snap.state.problems_left(ann.participant_id), 0);
}

#[tokio::test]
async fn ideas_have_a_share_per_person_over_http() {
    let app = TestApp::start_configured(Backend::Sqlite, small).await;
    let created = app.create_session("Ideas", Settings::default()).await;
    let sid = &created.session_id;
    let fac = created.facilitator_token.as_str();
    let ann = app.join(sid, "Ann", 1).await;
    let bob = app.join(sid, "Bob", 2).await;
    for phase in [Phase::Problems] {
        app.command(sid, fac, Command::SetPhase { phase }).await;
    }
    app.command(sid, &ann.token, Command::SubmitProblem { text: "P".into() })
        .await;
    app.command(sid, fac, Command::SetPhase { phase: Phase::Pick })
        .await;
    app.command(
        sid,
        fac,
        Command::ConfirmPick {
            problem: ProblemId(1),
            picked: true,
        },
    )
    .await;
    app.command(
        sid,
        fac,
        Command::SetPhase {
            phase: Phase::Ideas,
        },
    )
    .await;
    let idea = |text: &str| Command::SubmitIdea {
        problem: ProblemId(1),
        text: text.into(),
    };
    app.command(sid, &bob.token, idea("One")).await;
    let before = app.snapshot(sid, fac).await.seq;
    app.refused(sid, &bob.token, idea("Two"), 409, "idea_limit")
        .await;
    assert_eq!(app.snapshot(sid, fac).await.seq, before);
}
