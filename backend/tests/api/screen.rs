//! The projector's credential: the facilitator gets a screen key; with it one reads
//! the session as the facilitator does (no tally before the reveal, no author of an
//! anonymous card, live) and every command is refused with 403.

use crate::common;

use common::TestApp;
use std::time::Duration;
use summit_shared::api::{paths, ScreenKey};
use summit_shared::{
    ActionDraft, ActionId, ActionStatus, Command, Date, DepartmentId, Event, IdeaId, Phase,
    ProblemId, SessionId, Settings, Viewer,
};

async fn screen_key(app: &TestApp, sid: &SessionId, token: &str) -> String {
    app.get_json::<ScreenKey>(&paths::screen_key(sid), Some(token))
        .await
        .key
}

async fn status_of(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String) {
    let mut req = app.client.get(app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("send");
    let status = res.status().as_u16();
    let body: serde_json::Value = res.json().await.expect("json");
    (
        status,
        body["error"]["code"].as_str().unwrap_or("").to_owned(),
    )
}

#[tokio::test]
async fn only_the_facilitator_gets_the_screen_key() {
    let app = TestApp::start().await;
    let created = app.create_session("Q4", Settings::default()).await;
    let sid = created.session_id;
    let ann = app.join(&sid, "Ann", 1).await;
    let path = paths::screen_key(&sid);
    assert_eq!(
        status_of(&app, &path, Some(&ann.token)).await,
        (403, "facilitator_only".into())
    );
    assert_eq!(
        status_of(&app, &path, None).await,
        (401, "missing_token".into())
    );
    let key = screen_key(&app, &sid, &created.facilitator_token).await;
    assert_eq!(key.len(), 43);
    // The key is the session's: the same each time, another session's elsewhere.
    assert_eq!(
        key,
        screen_key(&app, &sid, &created.facilitator_token).await
    );
    let other = app.create_session("Other", Settings::default()).await;
    assert_ne!(
        key,
        screen_key(&app, &other.session_id, &other.facilitator_token).await
    );
    assert_eq!(
        status_of(&app, &paths::session(&other.session_id), Some(&key)).await,
        (401, "invalid_token".into())
    );
    // A screen cannot hand out screen keys either.
    assert_eq!(
        status_of(&app, &path, Some(&key)).await,
        (403, "facilitator_only".into())
    );
}

#[tokio::test]
async fn the_screen_reads_no_tally_before_the_reveal_and_no_anonymous_author() {
    let app = TestApp::start().await;
    let settings = Settings {
        anonymous: true,
        ..Settings::default()
    };
    let created = app.create_session("Q4", settings).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let key = screen_key(&app, &sid, &fac).await;
    let ann = app.join(&sid, "Ann", 1).await;
    let bo = app.join(&sid, "Bo", 2).await;
    let mut stream = app.stream(&sid, &key, None).await;
    let phase = |phase| Command::SetPhase { phase };
    app.command(&sid, &fac, phase(Phase::Problems)).await;
    let text = "Briefs arrive late".to_owned();
    app.command(&sid, &ann.token, Command::SubmitProblem { text })
        .await;
    app.command(&sid, &fac, phase(Phase::Pick)).await;
    let problem = ProblemId(1);
    app.command(
        &sid,
        &fac,
        Command::ConfirmPick {
            problem,
            picked: true,
        },
    )
    .await;
    app.command(&sid, &fac, phase(Phase::Ideas)).await;
    let text = "A shared calendar".to_owned();
    app.command(&sid, &bo.token, Command::SubmitIdea { problem, text })
        .await;
    app.command(&sid, &fac, phase(Phase::Vote)).await;
    app.command(&sid, &ann.token, Command::CastVote { idea: IdeaId(1) })
        .await;

    let snap = app.snapshot(&sid, &key).await;
    assert_eq!(snap.viewer, Viewer::Screen);
    assert!(snap.state.votes.is_empty(), "no one's dots");
    assert!(snap.state.tallies.is_none());
    assert_eq!(snap.state.hidden_votes, 1, "only how many were cast");
    assert!(snap.state.problems.values().all(|p| p.author.is_none()));
    assert!(snap.state.ideas.values().all(|i| i.author.is_none()));

    let mut seen = Vec::new();
    while let Some(e) = stream.next_event(Duration::from_secs(5)).await {
        let done = matches!(e.event, Event::HiddenVote { .. });
        seen.push(e.event);
        if done {
            break;
        }
    }
    assert!(
        matches!(seen.last(), Some(Event::HiddenVote { delta: 1, .. })),
        "{seen:?}"
    );
    assert!(!seen.iter().any(|e| matches!(e, Event::VoteCast { .. })));
    assert!(seen.iter().all(|e| match e {
        Event::ProblemSubmitted { problem } => problem.author.is_none(),
        Event::IdeaSubmitted { idea } => idea.author.is_none(),
        _ => true,
    }));

    // At the reveal the screen gets the tallies, as everyone does.
    app.command(&sid, &fac, phase(Phase::Plan)).await;
    let snap = app.snapshot(&sid, &key).await;
    let tallies = snap.state.tallies.expect("revealed");
    assert_eq!(tallies.get(&IdeaId(1)).copied(), Some(1));
}

#[tokio::test]
async fn every_command_sent_with_the_screen_key_is_refused_with_403() {
    let app = TestApp::start().await;
    let created = app.create_session("Q4", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let key = screen_key(&app, &sid, &fac).await;
    let draft = ActionDraft {
        title: "Launch calendar".into(),
        problem: Some(ProblemId(1)),
        idea: None,
        owner: "Dana".into(),
        department: DepartmentId(1),
        due: Date::parse("2027-01-15").expect("date"),
        status: ActionStatus::Open,
    };
    let commands = [
        Command::SetPhase {
            phase: Phase::Problems,
        },
        Command::RenameDepartment {
            department: DepartmentId(1),
            name: "Sales".into(),
        },
        Command::UpdateSettings {
            settings: Settings::default(),
        },
        Command::StartTimer { seconds: 60 },
        Command::ClearTimer {},
        Command::SubmitProblem {
            text: "A problem".into(),
        },
        Command::WithdrawProblem {
            problem: ProblemId(1),
        },
        Command::SupportProblem {
            problem: ProblemId(1),
            support: true,
        },
        Command::ConfirmPick {
            problem: ProblemId(1),
            picked: true,
        },
        Command::SubmitIdea {
            problem: ProblemId(1),
            text: "An idea".into(),
        },
        Command::WithdrawIdea { idea: IdeaId(1) },
        Command::HideProblem {
            problem: ProblemId(1),
            hidden: true,
        },
        Command::HideIdea {
            idea: IdeaId(1),
            hidden: true,
        },
        Command::CastVote { idea: IdeaId(1) },
        Command::RetractVote { idea: IdeaId(1) },
        Command::MoveVote {
            from: IdeaId(1),
            to: IdeaId(2),
        },
        Command::CreateAction {
            action: draft.clone(),
        },
        Command::UpdateAction {
            id: ActionId(1),
            action: draft,
        },
        Command::SetActionStatus {
            id: ActionId(1),
            status: ActionStatus::Done,
        },
        Command::DeleteAction { id: ActionId(1) },
    ];
    for command in commands {
        app.refused(&sid, &key, command, 403, "screen_read_only")
            .await;
    }
    // Nothing changed.
    let snap = app.snapshot(&sid, &fac).await;
    assert_eq!(snap.seq, app.snapshot(&sid, &key).await.seq);
    assert_eq!(snap.state.phase, Phase::Lobby);
}
